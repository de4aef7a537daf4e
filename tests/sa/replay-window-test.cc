// Anti-replay window: RFC 4303 section 3.4.3 behaviour, RFC 6479 sliding, ESN inference
// (Appendix A2.2), and a property test against a trivially correct reference model.
#include "sa/replay-window.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

namespace ipseclab
{
namespace
{

using V = ReplayWindow::Verdict;

// Check, and on success Accept, as ESP inbound processing does when the ICV verifies.
V
Receive(ReplayWindow& w, uint64_t seq)
{
    V v = w.Check(seq);
    if (ReplayWindow::IsAccepted(v))
    {
        EXPECT_EQ(w.Accept(seq), v);
    }
    else
    {
        w.RecordDrop(v);
    }
    return v;
}

TEST(ReplayWindowTest, InOrder)
{
    ReplayWindow w;
    EXPECT_EQ(w.GetSize(), 64u);
    EXPECT_EQ(w.GetTop(), 0u);
    for (uint64_t s = 1; s <= 1000; ++s)
    {
        EXPECT_EQ(Receive(w, s), V::Ok) << s;
    }
    EXPECT_EQ(w.GetTop(), 1000u);
    EXPECT_EQ(w.GetCounters().accepted, 1000u);
}

TEST(ReplayWindowTest, OutOfOrderInsideWindow)
{
    ReplayWindow w(64);
    EXPECT_EQ(Receive(w, 10), V::Ok);
    EXPECT_EQ(Receive(w, 7), V::OkInWindow);
    EXPECT_EQ(Receive(w, 9), V::OkInWindow);
    EXPECT_EQ(Receive(w, 1), V::OkInWindow);
    EXPECT_EQ(Receive(w, 11), V::Ok);
    EXPECT_EQ(Receive(w, 8), V::OkInWindow);
    EXPECT_EQ(w.GetTop(), 11u);
}

TEST(ReplayWindowTest, Duplicates)
{
    ReplayWindow w(64);
    EXPECT_EQ(Receive(w, 5), V::Ok);
    EXPECT_EQ(Receive(w, 5), V::Duplicate); // the top itself
    EXPECT_EQ(Receive(w, 3), V::OkInWindow);
    for (uint64_t s = 6; s <= 60; ++s)
    {
        Receive(w, s);
    }
    EXPECT_EQ(Receive(w, 3), V::Duplicate); // old, still inside the window
    EXPECT_EQ(Receive(w, 30), V::Duplicate);
    EXPECT_EQ(Receive(w, 4), V::OkInWindow); // never seen
    EXPECT_EQ(w.GetCounters().duplicates, 3u);
}

TEST(ReplayWindowTest, TooOld)
{
    ReplayWindow w(32);
    EXPECT_EQ(Receive(w, 100), V::Ok);
    EXPECT_EQ(Receive(w, 68), V::TooOld);
    EXPECT_EQ(Receive(w, 1), V::TooOld);
    EXPECT_EQ(w.GetCounters().tooOld, 2u);
    EXPECT_EQ(w.GetTop(), 100u);
}

TEST(ReplayWindowTest, ExactlyAtLeftEdge)
{
    for (uint32_t size : {1u, 32u, 63u, 64u, 65u, 100u, 4096u})
    {
        ReplayWindow w(size);
        const uint64_t top = 10000;
        EXPECT_EQ(Receive(w, top), V::Ok);
        EXPECT_EQ(w.Check(top - size + 1), size == 1 ? V::Duplicate : V::OkInWindow) << size;
        EXPECT_EQ(w.Check(top - size), V::TooOld) << size;
    }
}

TEST(ReplayWindowTest, JumpLargerThanWindowClearsAll)
{
    ReplayWindow w(64);
    for (uint64_t s = 1; s <= 64; ++s)
    {
        Receive(w, s);
    }
    EXPECT_EQ(Receive(w, 1000000), V::Ok);
    EXPECT_EQ(w.GetTop(), 1000000u);
    // Sequence numbers whose ring slots held old bits must read as unseen.
    for (uint64_t s = 1000000 - 63; s < 1000000; ++s)
    {
        EXPECT_EQ(w.Check(s), V::OkInWindow) << s;
    }
    EXPECT_EQ(w.Check(1000000 - 64), V::TooOld);
    // A jump of exactly one ring (2 blocks of 64) lands on the same slot: its old bits are gone.
    ReplayWindow v(64);
    for (uint64_t s = 1; s <= 10; ++s)
    {
        Receive(v, s);
    }
    EXPECT_EQ(Receive(v, 5 + 128), V::Ok);
    EXPECT_EQ(v.Check(5 + 128 - 63), V::OkInWindow);
    EXPECT_EQ(v.Check(6 + 128), V::Ok);
}

TEST(ReplayWindowTest, JumpInsideWindowKeepsBits)
{
    ReplayWindow w(100);
    Receive(w, 50);
    Receive(w, 40);
    EXPECT_EQ(Receive(w, 130), V::Ok);
    EXPECT_EQ(w.Check(50), V::Duplicate);
    EXPECT_EQ(w.Check(40), V::Duplicate);
    EXPECT_EQ(w.Check(45), V::OkInWindow);
    EXPECT_EQ(w.Check(30), V::TooOld);
}

TEST(ReplayWindowTest, ZeroSequenceNeverValid)
{
    ReplayWindow w(64);
    EXPECT_EQ(Receive(w, 0), V::ZeroSequence);
    ReplayWindow off(0);
    EXPECT_EQ(Receive(off, 0), V::ZeroSequence);
    EXPECT_EQ(w.GetCounters().zeroSequence, 1u);
    EXPECT_EQ(w.GetTop(), 0u);
}

TEST(ReplayWindowTest, WindowZeroAcceptsEverything)
{
    ReplayWindow w(0);
    EXPECT_EQ(Receive(w, 5), V::Ok);
    EXPECT_EQ(Receive(w, 5), V::OkUnchecked);
    EXPECT_EQ(Receive(w, 1), V::OkUnchecked);
    EXPECT_EQ(Receive(w, 1u << 20), V::Ok);
    EXPECT_EQ(Receive(w, 3), V::OkUnchecked);
    EXPECT_EQ(w.GetTop(), 1u << 20);
    EXPECT_EQ(w.GetCounters().accepted, 5u);
    ReplaySnapshot snap = w.Snapshot();
    EXPECT_EQ(snap.size, 0u);
    EXPECT_TRUE(snap.bitmap.empty());
}

TEST(ReplayWindowTest, CheckDoesNotChangeState)
{
    ReplayWindow w(64);
    Receive(w, 10);
    Receive(w, 8);
    const ReplaySnapshot before = w.Snapshot();
    // Packets whose ICV fails: checked, never accepted.
    for (uint64_t s : {0ull, 1ull, 8ull, 9ull, 10ull, 11ull, 500ull, 1ull << 40})
    {
        w.Check(s);
    }
    const ReplaySnapshot after = w.Snapshot();
    EXPECT_EQ(after.top, before.top);
    EXPECT_EQ(after.bitmap, before.bitmap);
    EXPECT_EQ(w.GetCounters().accepted, 2u);
    EXPECT_EQ(w.Check(9), V::OkInWindow);
    EXPECT_EQ(w.Check(11), V::Ok);
}

TEST(ReplayWindowTest, AcceptRejectsWithoutChange)
{
    ReplayWindow w(64);
    Receive(w, 100);
    EXPECT_EQ(w.Accept(100), V::Duplicate);
    EXPECT_EQ(w.Accept(1), V::TooOld);
    EXPECT_EQ(w.GetTop(), 100u);
    EXPECT_EQ(w.GetCounters().accepted, 1u);
    EXPECT_EQ(w.GetCounters().duplicates, 1u);
    EXPECT_EQ(w.GetCounters().tooOld, 1u);
}

TEST(ReplayWindowTest, Snapshot)
{
    ReplayWindow w(8);
    Receive(w, 10);
    Receive(w, 8);
    Receive(w, 3);
    ReplaySnapshot snap = w.Snapshot();
    EXPECT_EQ(snap.top, 10u);
    EXPECT_EQ(snap.size, 8u);
    // newest first: 10 9 8 7 6 5 4 3
    EXPECT_EQ(snap.bitmap, "10100001");
    ReplayWindow fresh(4);
    Receive(fresh, 2);
    EXPECT_EQ(fresh.Snapshot().bitmap, "1000"); // 2 1 (0) (-1): positions below 1 are empty
}

TEST(ReplayWindowTest, SizeLimits)
{
    EXPECT_NO_THROW(ReplayWindow(ReplayWindow::kMaxSize));
    EXPECT_THROW(ReplayWindow(ReplayWindow::kMaxSize + 1), std::invalid_argument);
}

TEST(ReplayWindowTest, VerdictNames)
{
    EXPECT_STREQ(ToString(V::Ok), "accepted");
    EXPECT_STREQ(ToString(V::OkInWindow), "accepted-in-window");
    EXPECT_STREQ(ToString(V::OkUnchecked), "accepted-unchecked");
    EXPECT_STREQ(ToString(V::Duplicate), "duplicate");
    EXPECT_STREQ(ToString(V::TooOld), "too-old");
    EXPECT_STREQ(ToString(V::ZeroSequence), "zero-sequence");
}

TEST(ReplayWindowTest, ResetForgetsState)
{
    ReplayWindow w(64);
    Receive(w, 50);
    w.Reset();
    EXPECT_EQ(w.GetTop(), 0u);
    EXPECT_EQ(w.Check(50), V::Ok);
    EXPECT_EQ(w.Check(1), V::Ok);
}

// Reference model: a set of accepted numbers and the highest one; obviously right, O(log n).
class ReferenceWindow
{
  public:
    explicit ReferenceWindow(uint64_t size)
        : m_size(size)
    {
    }

    V Receive(uint64_t seq)
    {
        if (seq == 0)
        {
            return V::ZeroSequence;
        }
        if (seq > m_top)
        {
            m_top = seq;
            m_seen.insert(seq);
            return V::Ok;
        }
        if (m_top - seq >= m_size)
        {
            return V::TooOld;
        }
        if (!m_seen.insert(seq).second)
        {
            return V::Duplicate;
        }
        return V::OkInWindow;
    }

  private:
    uint64_t m_size;
    uint64_t m_top = 0;
    std::set<uint64_t> m_seen;
};

class ReplayWindowPropertyTest : public ::testing::TestWithParam<uint32_t>
{
};

TEST_P(ReplayWindowPropertyTest, MatchesReferenceModel)
{
    const uint32_t size = GetParam();
    std::mt19937_64 rng(size * 7919u + 1);
    for (int round = 0; round < 20; ++round)
    {
        ReplayWindow w(size);
        ReferenceWindow ref(size);
        uint64_t next = 1 + (round % 3 == 0 ? (uint64_t{1} << 32) - 300 : 0); // also near 2^32
        const int packets = 4 * static_cast<int>(std::max<uint32_t>(size, 64)) + 500;
        for (int i = 0; i < packets; ++i)
        {
            // Mostly a sender advancing, with reordering, replays, old packets and jumps.
            uint64_t seq;
            uint64_t r = rng() % 100;
            if (r < 50)
            {
                seq = next++;
            }
            else if (r < 80)
            {
                uint64_t back = rng() % (uint64_t{size} * 2 + 2);
                seq = next > back ? next - back : 0;
            }
            else if (r < 85)
            {
                next += rng() % (uint64_t{size} * 3 + 10);
                seq = next;
            }
            else
            {
                seq = next + rng() % (uint64_t{size} + 3);
            }
            V expected = ref.Receive(seq);
            ASSERT_EQ(Receive(w, seq), expected)
                << "size " << size << " round " << round << " packet " << i << " seq " << seq;
        }
    }
}

TEST_P(ReplayWindowPropertyTest, RandomPermutationOfRange)
{
    const uint32_t size = GetParam();
    std::mt19937_64 rng(size);
    std::vector<uint64_t> seqs(std::max<uint32_t>(size, 16) * 3);
    for (size_t i = 0; i < seqs.size(); ++i)
    {
        seqs[i] = i + 1;
    }
    // Local shuffles keep most packets inside the window, some fall off its left edge.
    for (size_t i = 0; i + 1 < seqs.size(); ++i)
    {
        size_t j = i + rng() % std::min<size_t>(size + 1, seqs.size() - i);
        std::swap(seqs[i], seqs[j]);
    }
    ReplayWindow w(size);
    ReferenceWindow ref(size);
    for (uint64_t seq : seqs)
    {
        ASSERT_EQ(Receive(w, seq), ref.Receive(seq)) << seq;
    }
    for (uint64_t seq : seqs)
    {
        ASSERT_EQ(Receive(w, seq), ref.Receive(seq)) << "replay " << seq;
    }
}

INSTANTIATE_TEST_SUITE_P(Sizes, ReplayWindowPropertyTest,
                         ::testing::Values(1u, 32u, 64u, 100u, 1024u, 4096u));

// --- ESN: RFC 4303 Appendix A2.2 ---

constexpr uint64_t kSubspace = uint64_t{1} << 32;

TEST(ReplayWindowEsnTest, BeforeFirstPacket)
{
    ReplayWindow w(64);
    EXPECT_EQ(w.InferSeqHigh(1), 1u);
    EXPECT_EQ(w.InferSeqHigh(0xffffffff), 0xffffffffu); // Case B with Th = 0: no subspace -1
}

TEST(ReplayWindowEsnTest, CaseAWindowInOneSubspace)
{
    ReplayWindow w(64);
    const uint64_t th = 5;
    Receive(w, th * kSubspace + 1000);                          // Tl = 1000 >= W - 1
    EXPECT_EQ(w.InferSeqHigh(1000 - 63), th * kSubspace + 937); // Seql == Bl: Th
    EXPECT_EQ(w.InferSeqHigh(2000), th * kSubspace + 2000);     // ahead, same subspace
    EXPECT_EQ(w.InferSeqHigh(0xffffffff), th * kSubspace + 0xffffffff);
    EXPECT_EQ(w.InferSeqHigh(936), (th + 1) * kSubspace + 936); // Seql < Bl: wrapped, Th + 1
    EXPECT_EQ(w.InferSeqHigh(0), (th + 1) * kSubspace);
}

TEST(ReplayWindowEsnTest, CaseAWrapForward)
{
    ReplayWindow w(64);
    Receive(w, kSubspace - 10); // Tl = 2^32 - 10, Th = 0
    uint64_t seq = w.InferSeqHigh(3);
    EXPECT_EQ(seq, kSubspace + 3);
    EXPECT_EQ(Receive(w, seq), V::Ok);
    EXPECT_EQ(w.GetTop(), kSubspace + 3);
    // The window now spans both subspaces; the old top is still a duplicate.
    EXPECT_EQ(w.Check(w.InferSeqHigh(0xfffffff6)), V::Duplicate);
}

TEST(ReplayWindowEsnTest, CaseBWindowSpansTwoSubspaces)
{
    ReplayWindow w(64);
    const uint64_t th = 7;
    Receive(w, th * kSubspace + 10); // Tl = 10 < W - 1: Bl = 10 - 63 wraps to 2^32 - 53
    const uint32_t bl = static_cast<uint32_t>(10 - 64 + 1);
    EXPECT_EQ(w.InferSeqHigh(bl), (th - 1) * kSubspace + bl); // late packet from Th - 1
    EXPECT_EQ(w.InferSeqHigh(0xffffffff), (th - 1) * kSubspace + 0xffffffff);
    EXPECT_EQ(w.InferSeqHigh(bl - 1), th * kSubspace + bl - 1); // below Bl: ahead in Th
    EXPECT_EQ(w.InferSeqHigh(5), th * kSubspace + 5);
    EXPECT_EQ(w.InferSeqHigh(11), th * kSubspace + 11);
    // Wrap backwards: a late packet from the previous subspace is checked against the window.
    EXPECT_EQ(w.Check(w.InferSeqHigh(0xfffffff0)), V::OkInWindow);
    EXPECT_EQ(Receive(w, w.InferSeqHigh(0xfffffff0)), V::OkInWindow);
    EXPECT_EQ(w.Check(w.InferSeqHigh(0xfffffff0)), V::Duplicate);
    EXPECT_EQ(w.GetTop(), th * kSubspace + 10);
}

TEST(ReplayWindowEsnTest, StreamAcrossTwoToThe32)
{
    // A sender crossing 2^32 with reordering; the receiver sees only the low 32 bits.
    ReplayWindow w(64);
    std::mt19937 rng(42);
    std::vector<uint64_t> sent;
    for (uint64_t s = kSubspace - 500; s < kSubspace + 500; ++s)
    {
        sent.push_back(s);
    }
    // Shuffle within chunks of 20, so no packet is delayed beyond the window.
    for (size_t i = 0; i < sent.size(); i += 20)
    {
        std::shuffle(sent.begin() + i, sent.begin() + std::min(i + 20, sent.size()), rng);
    }
    for (uint64_t s : sent)
    {
        uint64_t inferred = w.InferSeqHigh(static_cast<uint32_t>(s));
        ASSERT_EQ(inferred, s);
        ASSERT_TRUE(ReplayWindow::IsAccepted(Receive(w, inferred)));
    }
    EXPECT_EQ(w.GetTop(), kSubspace + 499);
}

TEST(ReplayWindowEsnTest, WindowZeroUsesNearestCandidate)
{
    ReplayWindow w(0);
    Receive(w, 3 * kSubspace + 100);
    EXPECT_EQ(w.InferSeqHigh(50), 3 * kSubspace + 50);
    EXPECT_EQ(w.InferSeqHigh(0x7fffffff), 3 * kSubspace + 0x7fffffff);
    Receive(w, 3 * kSubspace + 0xfffffff0);
    EXPECT_EQ(w.InferSeqHigh(5), 4 * kSubspace + 5);
    EXPECT_EQ(w.InferSeqHigh(0xffffff00), 3 * kSubspace + 0xffffff00);
}

} // namespace
} // namespace ipseclab
