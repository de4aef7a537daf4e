// The anti-replay window (RFC 4303 3.4.3, RFC 6479 ring) with its teaching view.
#include "sa/replay-window.h"

#include "bindings.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace ipseclab::python
{

void
BindReplayWindow(py::module_& m)
{
    using V = ReplayWindow::Verdict;
    py::class_<ReplayWindow> window(
        m,
        "ReplayWindow",
        "Receiver-side anti-replay window of one inbound SA.\n\n"
        "ReplayWindow(size=64): size 0 (replay protection off) to 65536.\n"
        "As RFC 4303 does: check(seq) before the ICV is verified (no state change), accept(seq)\n"
        "once it verified. receive(seq) does both, as for a packet whose ICV is good.\n"
        "Sequence numbers are 64-bit; with ESN reconstruct them with infer_seq_high().");

    py::enum_<V>(window, "Verdict", "Outcome of check()/accept(); .label is the event name.")
        .value("OK", V::Ok, "Right of the window: becomes the new highest sequence number.")
        .value("OK_IN_WINDOW", V::OkInWindow, "Inside the window and not seen yet.")
        .value("OK_UNCHECKED", V::OkUnchecked, "Window size 0: not checked.")
        .value("DUPLICATE", V::Duplicate, "Inside the window and already accepted: a replay.")
        .value("TOO_OLD", V::TooOld, "Left of the window: dropped.")
        .value("ZERO_SEQUENCE", V::ZeroSequence, "Sequence number 0 is never sent.")
        .def_property_readonly(
            "label",
            [](V v) { return ToString(v); },
            "'accepted', 'accepted-in-window', 'accepted-unchecked', 'duplicate', 'too-old',\n"
            "'zero-sequence'.")
        .def_property_readonly(
            "accepted", &ReplayWindow::IsAccepted, "True for OK, OK_IN_WINDOW and OK_UNCHECKED.");

    py::class_<ReplayWindow::Counters>(window, "Counters", "Counters of one window.")
        .def_readonly("accepted", &ReplayWindow::Counters::accepted)
        .def_readonly("duplicates", &ReplayWindow::Counters::duplicates)
        .def_readonly("too_old", &ReplayWindow::Counters::tooOld)
        .def_readonly("zero_sequence", &ReplayWindow::Counters::zeroSequence)
        .def("__repr__",
             [](const ReplayWindow::Counters& c)
             {
                 return "Counters(accepted=" + std::to_string(c.accepted) +
                        ", duplicates=" + std::to_string(c.duplicates) +
                        ", too_old=" + std::to_string(c.tooOld) +
                        ", zero_sequence=" + std::to_string(c.zeroSequence) + ")";
             });

    py::class_<ReplaySnapshot>(m, "ReplaySnapshot", "Teaching view of a replay window.")
        .def_readonly("top", &ReplaySnapshot::top, "Highest accepted sequence number (0: none).")
        .def_readonly("size", &ReplaySnapshot::size, "Window size W.")
        .def_readonly("bitmap",
                      &ReplaySnapshot::bitmap,
                      "W characters '0'/'1'; bitmap[i] is sequence number top - i.")
        .def("__repr__",
             [](const ReplaySnapshot& s)
             {
                 return "ReplaySnapshot(top=" + std::to_string(s.top) +
                        ", size=" + std::to_string(s.size) + ", bitmap='" + s.bitmap + "')";
             });

    window.def(py::init<uint32_t>(), "size"_a = ReplayWindow::kDefaultSize)
        .def("check",
             &ReplayWindow::Check,
             "seq"_a,
             "Classify seq without changing anything (before the ICV check).")
        .def("accept",
             &ReplayWindow::Accept,
             "seq"_a,
             "Commit seq after its ICV verified; a rejecting verdict is counted, nothing moves.")
        .def("record_drop",
             &ReplayWindow::RecordDrop,
             "verdict"_a,
             "Count a packet dropped on the strength of check() alone.")
        .def(
            "receive",
            [](ReplayWindow& w, uint64_t seq)
            {
                V v = w.Check(seq);
                if (ReplayWindow::IsAccepted(v))
                {
                    return w.Accept(seq);
                }
                w.RecordDrop(v);
                return v;
            },
            "seq"_a,
            "check(seq), then accept(seq) if acceptable or record_drop(): a packet with a good\n"
            "ICV. Returns the Verdict.")
        .def("infer_seq_high",
             &ReplayWindow::InferSeqHigh,
             "seq_low"_a,
             "RFC 4303 Appendix A2.2: the full 64-bit sequence number whose low 32 bits are\n"
             "seq_low, guessed from the window position. seq >> 32 is the ESN high half.")
        .def("reset", &ReplayWindow::Reset, "Forget the window; keep the size and counters.")
        .def_property_readonly("size", &ReplayWindow::GetSize, "Window size W.")
        .def_property_readonly("top", &ReplayWindow::GetTop, "Highest accepted sequence number.")
        .def_property_readonly("counters",
                               &ReplayWindow::GetCounters,
                               "A copy of the counters.",
                               py::return_value_policy::copy)
        .def("snapshot", &ReplayWindow::Snapshot, "ReplaySnapshot (top, size, bitmap); O(W).")
        .def("__repr__",
             [](const ReplayWindow& w)
             {
                 return "<ReplayWindow size=" + std::to_string(w.GetSize()) +
                        " top=" + std::to_string(w.GetTop()) + ">";
             });
    window.attr("MAX_SIZE") = ReplayWindow::kMaxSize;
    window.attr("DEFAULT_SIZE") = ReplayWindow::kDefaultSize;
}

} // namespace ipseclab::python
