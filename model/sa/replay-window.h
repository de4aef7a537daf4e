// Anti-replay window (RFC 4303 section 3.4.3 and Appendix A), kept as an RFC 6479 ring of 64-bit
// blocks so that checking and sliding cost O(1) per packet whatever the window size.
#ifndef IPSECLAB_SA_REPLAY_WINDOW_H
#define IPSECLAB_SA_REPLAY_WINDOW_H

#include <cstdint>
#include <string>
#include <vector>

namespace ipseclab
{

/// Teaching view of a replay window, for events and the visualizer.
struct ReplaySnapshot
{
    uint64_t top = 0;   ///< right edge: highest accepted sequence number (0 = none yet)
    uint32_t size = 0;  ///< logical window size W
    std::string bitmap; ///< exactly `size` chars '0'/'1'; bitmap[i] is sequence number top - i
};

/**
 * Receiver-side anti-replay window of one inbound SA.
 *
 * Two phases, as RFC 4303 section 3.4.3 requires: Check() before the ICV is verified (cheap
 * rejection, no state change), Accept() only once the ICV has verified. A packet whose ICV fails
 * therefore never moves the window.
 *
 * Sequence numbers are 64-bit. Without ESN they are the 32-bit wire value; with ESN the caller
 * first reconstructs the full number with InferSeqHigh() (RFC 4303 Appendix A2.2),
 * authenticates with it and then calls Check()/Accept() with the same 64-bit value.
 *
 * Not thread-safe (one window per SA, used from the simulator thread).
 */
class ReplayWindow
{
  public:
    /// Outcome of Check() / Accept().
    enum class Verdict : uint8_t
    {
        Ok,           ///< right of the window: becomes the new highest sequence number
        OkInWindow,   ///< inside the window and not seen yet
        OkUnchecked,  ///< window size 0: replay protection is off, not checked
        Duplicate,    ///< inside the window and already accepted: a replay
        TooOld,       ///< left of the window: cannot tell, so dropped
        ZeroSequence, ///< sequence number 0 is never sent (the counter starts at 1)
    };

    /// Counters for statistics and events.
    struct Counters
    {
        uint64_t accepted = 0;
        uint64_t duplicates = 0;
        uint64_t tooOld = 0;
        uint64_t zeroSequence = 0;
    };

    static constexpr uint32_t kDefaultSize = 64;
    static constexpr uint32_t kMaxSize = 65536;

    /// @param size logical window size W, 0 (replay protection off) to kMaxSize.
    /// @throws std::invalid_argument if size > kMaxSize.
    explicit ReplayWindow(uint32_t size = kDefaultSize);

    /// Classify seq without changing anything. O(1).
    Verdict Check(uint64_t seq) const;

    /**
     * Commit seq after its ICV verified. Re-checks (so a caller cannot corrupt the window) and
     * updates only if the verdict is acceptable; a rejecting verdict is counted and returned and
     * the window stays unchanged. O(1): a jump clears only the blocks it skips (RFC 6479).
     */
    Verdict Accept(uint64_t seq);

    /// Count a packet dropped on the strength of Check() alone (before ICV verification).
    void RecordDrop(Verdict verdict);

    /**
     * RFC 4303 Appendix A2.2: the full 64-bit sequence number whose low 32 bits are seqLow, guessed
     * from the window position (Case A: window within one subspace; Case B: window spans two).
     * With window size 0 the guess uses W = 2^31 (the nearest candidate), as the RFC's algorithm
     * allows windows up to 2^31. Before any packet T = 0, so the guess is seqLow in subspace 0.
     */
    uint64_t InferSeqHigh(uint32_t seqLow) const;

    /// Forget everything (e.g. for a new SA); keeps the size and the counters.
    void Reset();

    uint32_t GetSize() const;
    /// Highest accepted sequence number, 0 before the first packet.
    uint64_t GetTop() const;
    const Counters& GetCounters() const;
    /// O(W): call only when tracing is on.
    ReplaySnapshot Snapshot() const;

    /// True for Ok, OkInWindow and OkUnchecked.
    static bool IsAccepted(Verdict verdict);

  private:
    bool TestBit(uint64_t seq) const;

    uint32_t m_size;                ///< logical window W
    uint64_t m_top;                 ///< highest accepted sequence number T
    uint64_t m_blockMask;           ///< number of blocks - 1 (a power of two)
    std::vector<uint64_t> m_blocks; ///< ring: seq lives in block (seq >> 6) & mask, bit seq & 63
    Counters m_counters;
};

/// Event name of a verdict: "accepted", "accepted-in-window", "accepted-unchecked", "duplicate",
/// "too-old", "zero-sequence".
const char* ToString(ReplayWindow::Verdict verdict);

} // namespace ipseclab

#endif // IPSECLAB_SA_REPLAY_WINDOW_H
