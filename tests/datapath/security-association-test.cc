// SAs and the SAD: validation, sequence numbers, lifetimes, lookups.
#include "datapath/ipv4-wire.h"
#include "datapath/sad.h"

#include <gtest/gtest.h>

using namespace ipseclab;

namespace
{

SaConfig
Esp(uint32_t spi, Direction direction = Direction::Outbound, uint32_t reqid = 1)
{
    SaConfig c;
    c.spi = spi;
    c.direction = direction;
    c.proposal = "aes128gcm16";
    c.encryptionKey = Bytes(20, 0x01);
    c.reqid = reqid;
    c.selector.local = Ipv4Prefix::Any();
    c.selector.remote = Ipv4Prefix::Any();
    return c;
}

std::string
ErrorOf(SaConfig c)
{
    try
    {
        SecurityAssociation sa(std::move(c));
    }
    catch (const std::exception& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

TEST(SecurityAssociation, ValidationSaysWhatIsWrong)
{
    EXPECT_EQ(ErrorOf(Esp(0x1000)), "");
    EXPECT_NE(ErrorOf(Esp(200)).find("reserved"), std::string::npos);
    SaConfig c = Esp(0x1000);
    c.mode = IpsecMode::Tunnel;
    EXPECT_NE(ErrorOf(c).find("tunnel mode needs"), std::string::npos);
    c = Esp(0x1000);
    c.encryptionKey = Bytes(16);
    EXPECT_NE(ErrorOf(c).find("expected 20"), std::string::npos) << ErrorOf(c);
    c = Esp(0x1000);
    c.proposal = "aes128gcm17";
    EXPECT_NE(ErrorOf(c), "");
    c = Esp(0x1000);
    c.encapSrcPort = 4500;
    EXPECT_NE(ErrorOf(c).find("both ports"), std::string::npos);
    c = Esp(0x1000, Direction::Inbound);
    c.replayWindow = ReplayWindow::kMaxSize + 1;
    EXPECT_NE(ErrorOf(c).find("replay window"), std::string::npos);
}

TEST(SecurityAssociation, SequenceNumbersStartAtOneAndStopBeforeWrapping)
{
    SecurityAssociation sa(Esp(0x1000));
    EXPECT_EQ(*sa.NextSequence(), 1u);
    EXPECT_EQ(*sa.NextSequence(), 2u);
    sa.SkipSequenceTo(0xfffffffeULL);
    EXPECT_EQ(*sa.NextSequence(), 0xffffffffULL);
    EXPECT_FALSE(sa.NextSequence());
    EXPECT_EQ(sa.State(), SaState::Expired);

    SaConfig esn = Esp(0x1001);
    esn.esn = true;
    SecurityAssociation big(esn);
    big.SkipSequenceTo(0xffffffffULL);
    EXPECT_EQ(*big.NextSequence(), 0x100000000ULL) << "with ESN the counter goes on";
}

TEST(SecurityAssociation, LifetimesCrossOnceEach)
{
    SaConfig c = Esp(0x1000);
    c.soft.packets = 2;
    c.hard.bytes = 250;
    SecurityAssociation sa(c);
    EXPECT_EQ(sa.Account(100), LifetimeCrossing::None);
    EXPECT_EQ(sa.Account(100), LifetimeCrossing::Soft);
    EXPECT_EQ(sa.State(), SaState::SoftExpired);
    EXPECT_EQ(sa.ExpireByTime(false), LifetimeCrossing::None) << "soft already reached";
    EXPECT_EQ(sa.Account(100), LifetimeCrossing::Hard);
    EXPECT_EQ(sa.State(), SaState::Expired);
    EXPECT_EQ(sa.Account(100), LifetimeCrossing::None);
    EXPECT_EQ(sa.ExpireByTime(true), LifetimeCrossing::None);
    EXPECT_EQ(Lifetime{}.ToString(), "unlimited");
}

TEST(SecurityAssociation, InboundSasGetTheirReplayWindow)
{
    SaConfig in = Esp(0x1000, Direction::Inbound);
    in.replayWindow = 4096;
    EXPECT_EQ(SecurityAssociation(in).Replay().GetSize(), 4096u);
    EXPECT_EQ(SecurityAssociation(Esp(0x1001)).Replay().GetSize(), 0u);
}

TEST(Sad, LookupsByProtocolSpiAndReqid)
{
    Sad sad;
    sad.Add(Esp(0x1000, Direction::Inbound));
    sad.Add(Esp(0x2000, Direction::Outbound, 7));
    EXPECT_THROW(sad.Add(Esp(0x1000, Direction::Inbound)), std::invalid_argument);
    EXPECT_NO_THROW(sad.Add(Esp(0x1000, Direction::Outbound, 8))) << "other direction";
    EXPECT_NE(sad.FindInbound(IpsecProtocol::Esp, 0x1000), nullptr);
    EXPECT_EQ(sad.FindInbound(IpsecProtocol::Ah, 0x1000), nullptr);
    EXPECT_EQ(sad.FindOutbound(7, IpsecProtocol::Esp)->Config().spi, 0x2000u);

    // A rekey: the newer SA for the same policy takes over; when it expires the older is used.
    SecurityAssociation& newer = sad.Add(Esp(0x3000, Direction::Outbound, 7));
    EXPECT_EQ(sad.FindOutbound(7, IpsecProtocol::Esp), &newer);
    newer.MarkExpired();
    EXPECT_EQ(sad.FindOutbound(7, IpsecProtocol::Esp)->Config().spi, 0x2000u);

    auto removed = sad.Remove(Direction::Outbound, IpsecProtocol::Esp, 0x2000);
    ASSERT_TRUE(removed);
    EXPECT_EQ(sad.FindOutbound(7, IpsecProtocol::Esp), nullptr);
    EXPECT_FALSE(sad.Remove(Direction::Outbound, IpsecProtocol::Esp, 0x2000));
    EXPECT_EQ(sad.Size(), 3u);
    EXPECT_EQ(sad.All().size(), 3u);
}

TEST(Ipv4Wire, HeaderRoundTripAndChecksum)
{
    Ipv4Fields f;
    f.totalLength = 40;
    f.identification = 0xabcd;
    f.flagsFragment = 0x4000;
    f.ttl = 63;
    f.protocol = 17;
    f.src = 0xc0000201;
    f.dst = 0xc0000202;
    Bytes b(40);
    WriteIpv4Header(f, b.data());
    EXPECT_EQ(InternetChecksum(b.data(), 20), 0) << "a valid header sums to zero";
    auto back = ReadIpv4Header(b);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->src, f.src);
    EXPECT_EQ(back->identification, f.identification);
    EXPECT_FALSE(ReadIpv4Header(ByteSpan(b.data(), 30))) << "total length beyond the data";
    b[0] = 0x46;
    EXPECT_FALSE(ReadIpv4Header(b)) << "options are not supported";
}

TEST(Sad, AttachedTimersDieWithTheirSa)
{
    // What the ns-3 layer attaches (its lifetime timers) is destroyed, so cancelled, when the SA
    // leaves the SAD; a new SA under the same SPI starts without it.
    struct Probe : SaTimers
    {
        explicit Probe(bool& destroyed)
            : m_destroyed(destroyed)
        {
        }
        ~Probe() override { m_destroyed = true; }
        bool& m_destroyed;
    };
    Sad sad;
    bool destroyed = false;
    sad.Add(Esp(0x1001)).AttachTimers(std::make_unique<Probe>(destroyed));
    EXPECT_FALSE(destroyed);
    EXPECT_NE(sad.Remove(Direction::Outbound, IpsecProtocol::Esp, 0x1001), nullptr);
    EXPECT_TRUE(destroyed);
    EXPECT_EQ(sad.Add(Esp(0x1001)).Timers(), nullptr);
}
