#include "datapath/drop-reason.h"

namespace ipseclab
{

const char*
ToString(DropReason reason)
{
    switch (reason)
    {
    case DropReason::NoSa:
        return "no-sa";
    case DropReason::Replayed:
        return "replayed";
    case DropReason::TooOld:
        return "too-old";
    case DropReason::IcvFailure:
        return "icv-failure";
    case DropReason::BadPadding:
        return "bad-padding";
    case DropReason::PolicyViolation:
        return "policy-violation";
    case DropReason::SelectorMismatch:
        return "selector-mismatch";
    case DropReason::Expired:
        return "expired";
    case DropReason::SequenceOverflow:
        return "sequence-overflow";
    case DropReason::Malformed:
        return "malformed";
    case DropReason::PolicyDiscard:
        return "policy-discard";
    case DropReason::NoRoute:
        return "no-route";
    }
    return "unknown";
}

} // namespace ipseclab
