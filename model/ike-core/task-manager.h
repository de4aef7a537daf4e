// The exchanges of one IKE SA (strongSwan's task_manager): tasks this node starts wait in a
// queue and go out one at a time (one request in flight, message IDs in order, RFC 7296 2.3
// with a window of 1); the request in flight is kept for retransmission; the peer's requests
// are expected in order and the last answer is cached for its retransmissions. Collisions are
// found where two tasks meet: a peer's request acting on an object this node has a task for.
//
// No timers and no sockets: the engine (IkeDaemon for IKEv2) sends, schedules and decides.
#ifndef IPSECLAB_IKE_CORE_TASK_MANAGER_H
#define IPSECLAB_IKE_CORE_TASK_MANAGER_H

#include "crypto/crypto-common.h"
#include "ike-core/ike-task.h"

#include <deque>
#include <utility>

namespace ipseclab
{

/// Message: the engine's message type; it must have header.messageId.
template <typename Message>
class TaskManager
{
  public:
    using Task = IkeTask<Message>;

    /// Queues a task behind the others.
    void Queue(Task task) { m_queue.push_back(std::move(task)); }
    /// Queues a task before every other (IKE_SA_INIT, also when it is retried).
    void QueueFirst(Task task) { m_queue.push_front(std::move(task)); }

    /// The IKE SA is up: tasks that need an established IKE SA may start from now on.
    void SetUp() { m_up = true; }
    bool IsUp() const { return m_up; }

    /// When no request is in flight, the first task that may start becomes the active one
    /// and `request` its request, numbered with the next message ID. False: nothing to send.
    bool StartNext(Message& request)
    {
        if (m_inFlight)
        {
            return false;
        }
        for (auto it = m_queue.begin(); it != m_queue.end(); ++it)
        {
            if (!m_up && NeedsEstablishedSa(it->kind))
            {
                continue; // waits for the IKE SA
            }
            m_active = std::move(*it);
            m_queue.erase(it);
            request = m_active.build();
            request.header.messageId = m_nextRequestId;
            m_activeId = m_nextRequestId++;
            m_inFlight = true;
            m_attempts = 1;
            return true;
        }
        return false;
    }

    /// The request in flight as sent, for retransmissions.
    void SetRequestBytes(Bytes bytes) { m_requestBytes = std::move(bytes); }
    const Bytes& RequestBytes() const { return m_requestBytes; }
    /// Times the request in flight was sent.
    uint32_t Attempts() const { return m_attempts; }
    void CountAttempt() { ++m_attempts; }

    bool InFlight() const { return m_inFlight; }
    /// Nothing in flight and nothing queued.
    bool Idle() const { return !m_inFlight && m_queue.empty(); }
    uint32_t ActiveId() const { return m_activeId; }
    const std::string& ActiveName() const { return m_active.name; }
    /// Does a response with this message ID answer the request in flight?
    bool Answers(uint32_t messageId) const { return m_inFlight && messageId == m_activeId; }
    /// The request in flight is answered (or given up): its task, to process the answer.
    Task Finish()
    {
        m_inFlight = false;
        return std::move(m_active);
    }
    /// The request in flight needs no further processing (IKE_SA_INIT's answer is read by the
    /// engine itself).
    void Settle() { m_inFlight = false; }
    /// Message IDs start again (IKE_SA_INIT retried after COOKIE or INVALID_KE_PAYLOAD).
    void RestartMessageIds() { m_nextRequestId = 0; }

    /// The collision hook: the task of this node, queued or in flight, of `kind` on `key`
    /// (the object a peer's request acts on), or nullptr. A task whose answer is being
    /// processed has finished and no longer collides.
    const Task* Colliding(IkeTaskKind kind, uint64_t key) const
    {
        if (m_inFlight && m_active.kind == kind && m_active.key == key)
        {
            return &m_active;
        }
        for (const auto& task : m_queue)
        {
            if (task.kind == kind && task.key == key)
            {
                return &task;
            }
        }
        return nullptr;
    }
    bool Has(IkeTaskKind kind, uint64_t key = 0) const { return Colliding(kind, key) != nullptr; }
    size_t Queued() const { return m_queue.size(); }

    // The peer's requests (this node responds).

    /// The peer's next request is `messageId` (after IKE_SA_INIT: 1).
    void ExpectRequest(uint32_t messageId) { m_expectedRequestId = messageId; }
    uint32_t ExpectedRequest() const { return m_expectedRequestId; }
    /// A request answered already: its cached answer is sent again (RFC 7296 2.1).
    bool IsRetransmission(uint32_t messageId) const
    {
        return m_haveResponse && messageId == m_responseId;
    }
    const Bytes& CachedResponse() const { return m_response; }
    /// The request `messageId` was answered with `bytes` (kept for its retransmissions).
    void Answered(uint32_t messageId, Bytes bytes)
    {
        m_response = std::move(bytes);
        m_responseId = messageId;
        m_haveResponse = true;
    }

  private:
    std::deque<Task> m_queue;
    Task m_active;
    bool m_inFlight = false;
    bool m_up = false;
    uint32_t m_nextRequestId = 0;
    uint32_t m_activeId = 0;
    uint32_t m_attempts = 0;
    Bytes m_requestBytes;
    uint32_t m_expectedRequestId = 0;
    Bytes m_response;
    uint32_t m_responseId = 0;
    bool m_haveResponse = false;
};

} // namespace ipseclab

#endif
