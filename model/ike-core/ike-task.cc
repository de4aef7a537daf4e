#include "ike-core/ike-task.h"

namespace ipseclab
{

const char*
ToString(IkeTaskKind kind)
{
    switch (kind)
    {
    case IkeTaskKind::IkeInit:
        return "ike-init";
    case IkeTaskKind::IkeAuth:
        return "ike-auth";
    case IkeTaskKind::ChildCreate:
        return "child-create";
    case IkeTaskKind::ChildRekey:
        return "child-rekey";
    case IkeTaskKind::ChildDelete:
        return "child-delete";
    case IkeTaskKind::IkeRekey:
        return "ike-rekey";
    case IkeTaskKind::IkeDelete:
        return "ike-delete";
    case IkeTaskKind::Dpd:
        return "dpd";
    }
    return "unknown";
}

bool
NeedsEstablishedSa(IkeTaskKind kind)
{
    switch (kind)
    {
    case IkeTaskKind::ChildCreate:
    case IkeTaskKind::ChildRekey:
    case IkeTaskKind::IkeRekey:
    case IkeTaskKind::Dpd:
        return true;
    default:
        return false; // setting up, and deleting at any time
    }
}

} // namespace ipseclab
