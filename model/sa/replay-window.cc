#include "sa/replay-window.h"

#include <algorithm>
#include <stdexcept>

namespace ipseclab
{

namespace
{

constexpr unsigned kBlockBits = 64;
constexpr unsigned kBlockShift = 6;

// Blocks needed so that the W sequence numbers of the window never share a ring slot: the window
// can straddle (W - 1) / 64 + 2 blocks. Rounded up to a power of two so indexing is a mask.
uint64_t
RingBlocks(uint32_t size)
{
    uint64_t need = (size == 0 ? 0 : (size - 1) / kBlockBits) + 2;
    uint64_t blocks = 1;
    while (blocks < need)
    {
        blocks <<= 1;
    }
    return blocks;
}

} // namespace

ReplayWindow::ReplayWindow(uint32_t size)
    : m_size(size)
    , m_top(0)
    , m_blockMask(0)
    , m_counters()
{
    if (size > kMaxSize)
    {
        throw std::invalid_argument("replay window size " + std::to_string(size) +
                                    " is larger than the maximum " + std::to_string(kMaxSize));
    }
    if (size > 0)
    {
        m_blocks.assign(RingBlocks(size), 0);
        m_blockMask = m_blocks.size() - 1;
    }
}

bool
ReplayWindow::TestBit(uint64_t seq) const
{
    uint64_t block = m_blocks[(seq >> kBlockShift) & m_blockMask];
    return (block >> (seq & (kBlockBits - 1))) & 1;
}

ReplayWindow::Verdict
ReplayWindow::Check(uint64_t seq) const
{
    if (seq == 0)
    {
        return Verdict::ZeroSequence;
    }
    if (seq > m_top)
    {
        return Verdict::Ok;
    }
    if (m_size == 0)
    {
        return Verdict::OkUnchecked;
    }
    if (m_top - seq >= m_size)
    {
        return Verdict::TooOld;
    }
    return TestBit(seq) ? Verdict::Duplicate : Verdict::OkInWindow;
}

ReplayWindow::Verdict
ReplayWindow::Accept(uint64_t seq)
{
    Verdict verdict = Check(seq);
    if (!IsAccepted(verdict))
    {
        RecordDrop(verdict);
        return verdict;
    }
    ++m_counters.accepted;
    if (m_size == 0)
    {
        if (seq > m_top)
        {
            m_top = seq;
        }
        return verdict;
    }
    if (verdict == Verdict::Ok)
    {
        // RFC 6479: clear only the blocks between the old top block and the new one; a jump of a
        // whole ring or more clears everything.
        uint64_t oldBlock = m_top >> kBlockShift;
        uint64_t newBlock = seq >> kBlockShift;
        uint64_t skipped = newBlock - oldBlock;
        if (skipped > m_blockMask)
        {
            skipped = m_blockMask + 1;
        }
        for (uint64_t i = 1; i <= skipped; ++i)
        {
            m_blocks[(oldBlock + i) & m_blockMask] = 0;
        }
        m_top = seq;
    }
    m_blocks[(seq >> kBlockShift) & m_blockMask] |= uint64_t{1} << (seq & (kBlockBits - 1));
    return verdict;
}

void
ReplayWindow::RecordDrop(Verdict verdict)
{
    switch (verdict)
    {
    case Verdict::Duplicate:
        ++m_counters.duplicates;
        break;
    case Verdict::TooOld:
        ++m_counters.tooOld;
        break;
    case Verdict::ZeroSequence:
        ++m_counters.zeroSequence;
        break;
    default:
        break; // accepted verdicts are not drops
    }
}

uint64_t
ReplayWindow::InferSeqHigh(uint32_t seqLow) const
{
    // All arithmetic below is mod 2^32 as in the RFC's pseudo-code.
    const uint32_t w = m_size == 0 ? (uint32_t{1} << 31) : m_size;
    const uint32_t tl = static_cast<uint32_t>(m_top);
    const uint32_t th = static_cast<uint32_t>(m_top >> 32);
    const uint32_t bl = tl - w + 1;
    uint32_t seqh;
    if (tl >= w - 1)
    {
        // Case A: window within one subspace; below Bl means the sender wrapped into Th + 1.
        // If Th + 1 overflows the sequence space is exhausted: the result is then far left of the
        // window and Check() reports it too old.
        seqh = seqLow >= bl ? th : th + 1;
    }
    else
    {
        // Case B: window spans Th - 1 and Th. With Th = 0 there is no previous subspace, so the
        // packet can only be ahead in subspace 0.
        seqh = (seqLow >= bl && th > 0) ? th - 1 : th;
    }
    return (uint64_t{seqh} << 32) | seqLow;
}

void
ReplayWindow::Reset()
{
    m_top = 0;
    std::fill(m_blocks.begin(), m_blocks.end(), 0);
}

uint32_t
ReplayWindow::GetSize() const
{
    return m_size;
}

uint64_t
ReplayWindow::GetTop() const
{
    return m_top;
}

const ReplayWindow::Counters&
ReplayWindow::GetCounters() const
{
    return m_counters;
}

ReplaySnapshot
ReplayWindow::Snapshot() const
{
    ReplaySnapshot snap;
    snap.top = m_top;
    snap.size = m_size;
    snap.bitmap.assign(m_size, '0');
    for (uint32_t i = 0; i < m_size && i < m_top; ++i)
    {
        if (TestBit(m_top - i))
        {
            snap.bitmap[i] = '1';
        }
    }
    return snap;
}

bool
ReplayWindow::IsAccepted(Verdict verdict)
{
    return verdict == Verdict::Ok || verdict == Verdict::OkInWindow ||
           verdict == Verdict::OkUnchecked;
}

const char*
ToString(ReplayWindow::Verdict verdict)
{
    switch (verdict)
    {
    case ReplayWindow::Verdict::Ok:
        return "accepted";
    case ReplayWindow::Verdict::OkInWindow:
        return "accepted-in-window";
    case ReplayWindow::Verdict::OkUnchecked:
        return "accepted-unchecked";
    case ReplayWindow::Verdict::Duplicate:
        return "duplicate";
    case ReplayWindow::Verdict::TooOld:
        return "too-old";
    case ReplayWindow::Verdict::ZeroSequence:
        return "zero-sequence";
    }
    return "unknown";
}

} // namespace ipseclab
