// An exchange one IKE SA runs as a task (strongSwan's task_t): what it is, what it acts on, how
// it builds its request and what it does with the answer. Version-neutral: IKEv2's tasks build
// ipseclab::IkeMessage, an IKEv1 engine would queue tasks of its own message type.
#ifndef IPSECLAB_IKE_CORE_IKE_TASK_H
#define IPSECLAB_IKE_CORE_IKE_TASK_H

#include <cstdint>
#include <functional>
#include <string>

namespace ipseclab
{

/// What a task does; with IkeTask::key it names the object two tasks may collide on.
enum class IkeTaskKind
{
    IkeInit,     ///< IKE_SA_INIT (IKEv1: Main/Aggressive Mode's first messages)
    IkeAuth,     ///< IKE_AUTH
    ChildCreate, ///< a new Child SA (key: the child configuration's index)
    ChildRekey,  ///< key: the old Child SA's inbound SPI
    ChildDelete, ///< key: the Child SA's inbound SPI
    IkeRekey,
    IkeDelete,
    Dpd, ///< liveness check
};

const char* ToString(IkeTaskKind kind);

/// May the task start before the IKE SA is up? Exchanges on an established IKE SA wait in
/// the queue until it is (TaskManager::SetUp).
bool NeedsEstablishedSa(IkeTaskKind kind);

template <typename Message>
struct IkeTask
{
    std::string name; ///< as events and logs say it: "IKE_AUTH", "CREATE_CHILD_SA", ...
    IkeTaskKind kind = IkeTaskKind::Dpd;
    uint64_t key = 0; ///< the object it acts on (see IkeTaskKind); 0 for the IKE SA itself
    std::function<Message()> build;
    std::function<void(const Message&)> process;
};

} // namespace ipseclab

#endif
