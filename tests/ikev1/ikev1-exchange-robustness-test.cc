// Bad input never escapes as anything but Ikev1Error: every message of a Main Mode, Aggressive
// Mode and Quick Mode exchange, with random octets changed or cut short, is fed to a peer in the
// state that expects it (replayed from the same seeds).
#include "ikev1/ikev1-phase1.h"
#include "ikev1/ikev1-quick-mode.h"

#include <gtest/gtest.h>
#include <random>

using namespace ipseclab;
using namespace ipseclab::ikev1;

namespace
{

Phase1Config
Config(uint32_t address, bool aggressive)
{
    Phase1Config c;
    Phase1Policy p;
    p.proposal = ParseIkeProposal("aes128-sha256-modp2048");
    c.proposals = {p};
    c.psk = ToBytes("k");
    c.localId = IdentityPayload("", address);
    c.aggressive = aggressive;
    return c;
}

struct Played
{
    SeededRandomSource rngI{5};
    SeededRandomSource rngR{6};
    Phase1Exchange i;
    Phase1Exchange r;
    std::vector<Bytes> wire;

    explicit Played(bool aggressive)
        : i(Role::Initiator, Config(1, aggressive), rngI)
        , r(Role::Responder, Config(2, aggressive), rngR)
    {
        wire.push_back(i.Start());
    }

    Phase1Exchange& Receiver(size_t n) { return n % 2 == 0 ? r : i; }

    /// Plays messages 0..n-1 (message n is then what the receiver expects next).
    void PlayTo(size_t n)
    {
        for (size_t k = 0; k < n; ++k)
        {
            Bytes out = Receiver(k).Process(wire[k]);
            if (wire.size() == k + 1)
            {
                wire.push_back(out);
            }
        }
    }
};

Bytes
Mutate(const Bytes& in, std::mt19937& gen)
{
    Bytes out = in;
    if (gen() % 4 == 0)
    {
        out.resize(gen() % out.size());
        return out;
    }
    int changes = 1 + gen() % 4;
    for (int c = 0; c < changes; ++c)
    {
        out[gen() % out.size()] ^= static_cast<uint8_t>(1 + gen() % 255);
    }
    return out;
}

void
ExpectOnlyIkev1Errors(const std::function<void()>& f, size_t& refused)
{
    try
    {
        f();
    }
    catch (const Ikev1Error&)
    {
        ++refused;
    }
    catch (const std::exception& e)
    {
        ADD_FAILURE() << "escaped: " << e.what();
    }
}

} // namespace

TEST(Ikev1ExchangeRobustness, MutatedPhase1MessagesGiveIkev1ErrorsOnly)
{
    for (bool aggressive : {false, true})
    {
        Played reference(aggressive);
        reference.PlayTo(aggressive ? 2 : 5);
        const size_t count = reference.wire.size();
        ASSERT_EQ(count, aggressive ? 3u : 6u);
        std::mt19937 gen(42);
        for (size_t n = 0; n < count; ++n)
        {
            size_t refused = 0;
            for (int trial = 0; trial < 40; ++trial)
            {
                Played run(aggressive);
                run.PlayTo(n);
                Bytes bad = Mutate(reference.wire[n], gen);
                ExpectOnlyIkev1Errors([&] { run.Receiver(n).Process(bad); }, refused);
            }
            EXPECT_GT(refused, 0u) << "message " << n + 1;
        }
    }
}

TEST(Ikev1ExchangeRobustness, MutatedQuickModeMessagesGiveIkev1ErrorsOnly)
{
    Played p1(false);
    p1.PlayTo(6);
    ASSERT_TRUE(p1.i.Established() && p1.r.Established());
    QuickConfig qc;
    Phase2Policy p2;
    p2.proposal = ParseEspProposal("aes128-sha256-modp2048");
    qc.proposals = {p2};
    std::mt19937 gen(7);
    auto fresh = [&](SeededRandomSource& a, SeededRandomSource& b)
    {
        return std::make_pair(
            std::make_unique<QuickModeExchange>(Role::Initiator, p1.i.Sa(), qc, a, 99, 0x1111),
            std::make_unique<QuickModeExchange>(Role::Responder, p1.r.Sa(), qc, b, 99, 0x2222));
    };
    SeededRandomSource a0(1), b0(2);
    auto [qi, qr] = fresh(a0, b0);
    std::vector<Bytes> wire{qi->Start()};
    wire.push_back(qr->Process(wire[0]));
    wire.push_back(qi->Process(wire[1]));
    for (size_t n = 0; n < 3; ++n)
    {
        size_t refused = 0;
        for (int trial = 0; trial < 40; ++trial)
        {
            SeededRandomSource a(1), b(2);
            auto [ti, tr] = fresh(a, b);
            ti->Start();
            if (n >= 1)
            {
                tr->Process(wire[0]);
            }
            if (n >= 2)
            {
                ti->Process(wire[1]);
            }
            QuickModeExchange& receiver = n % 2 == 0 ? *tr : *ti;
            Bytes bad = Mutate(wire[n], gen);
            ExpectOnlyIkev1Errors([&] { receiver.Process(bad); }, refused);
        }
        EXPECT_GT(refused, 0u) << "QM" << n + 1;
    }
}
