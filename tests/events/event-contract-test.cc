// The contract check against the generated kinds table (model/events/event-contract.h).
#include "events/event-contract.h"

#include <gtest/gtest.h>

using ipseclab::CheckEventContract;
using ipseclab::Event;
using ipseclab::Layer;

namespace
{

Event
Retransmit()
{
    return Event(1, Layer::Ike, "retransmit")
        .Add("exchange", "IKE_AUTH")
        .Add("message_id", 1u)
        .Add("attempt", 2u)
        .Add("timeout_s", 1.0)
        .Add("spi_i", "0123456789abcdef")
        .Add("spi_r", "fedcba9876543210");
}

} // namespace

TEST(EventContract, DocumentedEventPasses)
{
    EXPECT_EQ(CheckEventContract(Retransmit()), "");
}

TEST(EventContract, UnknownKindIsNamed)
{
    EXPECT_EQ(CheckEventContract(Event(1, Layer::Ike, "teleport")),
              "ike/teleport: a kind docs/events.schema.json does not document");
}

TEST(EventContract, UndocumentedFieldIsNamed)
{
    EXPECT_EQ(CheckEventContract(Retransmit().Add("tries", 3u)),
              "ike/retransmit: undocumented field 'tries'");
}

TEST(EventContract, MissingRequiredFieldIsNamed)
{
    Event e = Event(1, Layer::Ike, "retransmit").Add("exchange", "IKE_AUTH");
    EXPECT_EQ(CheckEventContract(e), "ike/retransmit: required field 'message_id' missing");
}

TEST(EventContract, EnvelopeFieldsAreNotBodyFields)
{
    // A body field named like the envelope's would write the key twice (live-peer's old "seq").
    EXPECT_NE(CheckEventContract(Event(1, Layer::App, "probe-echo").Add("seq", 1u).Add("size", 8u)),
              "");
}
