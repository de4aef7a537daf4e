// The exchanges of one IKE SA (strongSwan's task_manager): tasks this node starts wait in a
// queue and go out as the window allows; each request in flight is kept for retransmission;
// the peer's requests are answered and the answers cached for its retransmissions. Collisions
// are found where two tasks meet: a peer's request acting on an object this node has a task for.
//
// The message-ID policy and the window are parameters, as the versions differ:
// - IKEv2 (RFC 7296 2.3): sequential message IDs, window 1 (the default; one request in
//   flight, the peer's requests expected in order).
// - IKEv1 (RFC 2408 3.1, RFC 2409 5.5): phase 1 (tasks that need no established SA) uses
//   message ID 0; every other exchange a random non-zero 32-bit ID of its own, and Quick Modes
//   may run concurrently (window > 1).
//
// No timers and no sockets: the engine (IkeDaemon for IKEv2) sends, schedules and decides.
#ifndef IPSECLAB_IKE_CORE_TASK_MANAGER_H
#define IPSECLAB_IKE_CORE_TASK_MANAGER_H

#include "crypto/crypto-common.h"
#include "ike-core/ike-task.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <stdexcept>
#include <utility>

namespace ipseclab
{

enum class MessageIdPolicy : uint8_t
{
    Sequential, ///< IKEv2: 0, 1, 2, ... per direction
    Random,     ///< IKEv1: 0 in phase 1, a random unused non-zero ID per later exchange
};

/// Message: the engine's message type; it must have header.messageId.
template <typename Message>
class TaskManager
{
  public:
    using Task = IkeTask<Message>;
    /// Draws a 32-bit message ID (the engine's seeded random source: runs stay reproducible).
    using IdSource = std::function<uint32_t()>;

    /// IKEv2: sequential IDs, one request in flight.
    TaskManager() = default;
    /// `window`: requests in flight at once (at least 1). MessageIdPolicy::Random needs
    /// `randomId`. std::invalid_argument otherwise.
    TaskManager(MessageIdPolicy policy, size_t window, IdSource randomId = {})
        : m_policy(policy)
        , m_window(window)
        , m_randomId(std::move(randomId))
    {
        if (m_window == 0)
        {
            throw std::invalid_argument("task manager: the window must be at least 1");
        }
        if (m_policy == MessageIdPolicy::Random && !m_randomId)
        {
            throw std::invalid_argument("task manager: random message IDs need an ID source");
        }
    }

    MessageIdPolicy Policy() const { return m_policy; }
    size_t Window() const { return m_window; }

    /// Queues a task behind the others.
    void Queue(Task task) { m_queue.push_back(std::move(task)); }
    /// Queues a task before every other (IKE_SA_INIT, also when it is retried).
    void QueueFirst(Task task) { m_queue.push_front(std::move(task)); }

    /// The IKE SA is up: tasks that need an established IKE SA may start from now on.
    void SetUp() { m_up = true; }
    bool IsUp() const { return m_up; }

    /// When the window has room, the first task that may start goes in flight and `request`
    /// is its request, numbered by the policy. False: nothing to send.
    bool StartNext(Message& request)
    {
        if (m_flights.size() >= m_window)
        {
            return false;
        }
        for (auto it = m_queue.begin(); it != m_queue.end(); ++it)
        {
            if (!m_up && NeedsEstablishedSa(it->kind))
            {
                continue; // waits for the IKE SA
            }
            Flight flight;
            flight.task = std::move(*it);
            m_queue.erase(it);
            flight.id = NextId(flight.task.kind);
            request = flight.task.build();
            request.header.messageId = flight.id;
            m_flights.push_back(std::move(flight));
            return true;
        }
        return false;
    }

    // The request in flight: with window 1 the only one; otherwise the one started last (the
    // `messageId` overloads name any).

    /// The request as sent, for retransmissions.
    void SetRequestBytes(Bytes bytes) { Newest().requestBytes = std::move(bytes); }
    void SetRequestBytes(uint32_t messageId, Bytes bytes)
    {
        Find(messageId)->requestBytes = std::move(bytes);
    }
    const Bytes& RequestBytes() const { return Newest().requestBytes; }
    const Bytes& RequestBytes(uint32_t messageId) const { return Find(messageId)->requestBytes; }
    /// Times the request was sent.
    uint32_t Attempts() const { return Newest().attempts; }
    uint32_t Attempts(uint32_t messageId) const { return Find(messageId)->attempts; }
    void CountAttempt() { ++Newest().attempts; }
    void CountAttempt(uint32_t messageId) { ++Find(messageId)->attempts; }
    uint32_t ActiveId() const { return Newest().id; }
    const std::string& ActiveName() const { return Newest().task.name; }

    bool InFlight() const { return !m_flights.empty(); }
    size_t InFlightCount() const { return m_flights.size(); }
    /// Nothing in flight and nothing queued.
    bool Idle() const { return m_flights.empty() && m_queue.empty(); }
    /// Does a response with this message ID answer a request in flight?
    bool Answers(uint32_t messageId) const { return Find(messageId) != nullptr; }
    /// The request in flight (the oldest) is answered or given up: its task, to process the
    /// answer.
    Task Finish() { return Take(m_flights.begin()); }
    /// The request `messageId` is answered (Answers(messageId) must hold).
    Task Finish(uint32_t messageId) { return Take(FindIt(messageId)); }
    /// The request in flight needs no further processing (IKE_SA_INIT's answer is read by the
    /// engine itself).
    void Settle() { Take(m_flights.begin()); }
    /// Message IDs start again (IKE_SA_INIT retried after COOKIE or INVALID_KE_PAYLOAD).
    void RestartMessageIds() { m_nextRequestId = 0; }

    /// The collision hook: the task of this node, queued or in flight, of `kind` on `key`
    /// (the object a peer's request acts on), or nullptr. A task whose answer is being
    /// processed has finished and no longer collides.
    const Task* Colliding(IkeTaskKind kind, uint64_t key) const
    {
        for (const auto& flight : m_flights)
        {
            if (flight.task.kind == kind && flight.task.key == key)
            {
                return &flight.task;
            }
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

    /// Sequential policy: the peer's next request is `messageId` (after IKE_SA_INIT: 1).
    void ExpectRequest(uint32_t messageId) { m_expectedRequestId = messageId; }
    uint32_t ExpectedRequest() const { return m_expectedRequestId; }
    /// A request answered already: its cached answer is sent again (RFC 7296 2.1). The cache
    /// holds the last `window` answers.
    bool IsRetransmission(uint32_t messageId) const { return Cached(messageId) != nullptr; }
    /// The answer sent last.
    const Bytes& CachedResponse() const { return m_responses.back().second; }
    const Bytes& CachedResponse(uint32_t messageId) const { return *Cached(messageId); }
    /// The request `messageId` was answered with `bytes` (kept for its retransmissions).
    void Answered(uint32_t messageId, Bytes bytes)
    {
        m_responses.erase(std::remove_if(m_responses.begin(),
                                         m_responses.end(),
                                         [messageId](const auto& r)
                                         { return r.first == messageId; }),
                          m_responses.end());
        m_responses.emplace_back(messageId, std::move(bytes));
        while (m_responses.size() > m_window)
        {
            m_responses.pop_front();
        }
    }

  private:
    struct Flight
    {
        Task task;
        uint32_t id = 0;
        uint32_t attempts = 1;
        Bytes requestBytes;
    };
    using FlightIt = typename std::deque<Flight>::iterator;

    uint32_t NextId(IkeTaskKind kind)
    {
        if (m_policy == MessageIdPolicy::Sequential)
        {
            return m_nextRequestId++;
        }
        if (!NeedsEstablishedSa(kind) && kind != IkeTaskKind::ChildDelete &&
            kind != IkeTaskKind::IkeDelete)
        {
            return 0; // IKEv1 phase 1
        }
        uint32_t id = 0;
        while (id == 0 || Find(id) != nullptr)
        {
            id = m_randomId();
        }
        return id;
    }
    const Flight* Find(uint32_t messageId) const
    {
        for (const auto& flight : m_flights)
        {
            if (flight.id == messageId)
            {
                return &flight;
            }
        }
        return nullptr;
    }
    Flight* Find(uint32_t messageId)
    {
        return const_cast<Flight*>(static_cast<const TaskManager*>(this)->Find(messageId));
    }
    FlightIt FindIt(uint32_t messageId)
    {
        return std::find_if(m_flights.begin(),
                            m_flights.end(),
                            [messageId](const Flight& f) { return f.id == messageId; });
    }
    Task Take(FlightIt it)
    {
        if (it == m_flights.end())
        {
            throw std::logic_error("task manager: no such request in flight");
        }
        Task task = std::move(it->task);
        m_flights.erase(it);
        return task;
    }
    const Flight& Newest() const
    {
        if (m_flights.empty())
        {
            throw std::logic_error("task manager: no request in flight");
        }
        return m_flights.back();
    }
    Flight& Newest()
    {
        return const_cast<Flight&>(static_cast<const TaskManager*>(this)->Newest());
    }
    const Bytes* Cached(uint32_t messageId) const
    {
        for (const auto& [id, bytes] : m_responses)
        {
            if (id == messageId)
            {
                return &bytes;
            }
        }
        return nullptr;
    }

    MessageIdPolicy m_policy = MessageIdPolicy::Sequential;
    size_t m_window = 1;
    IdSource m_randomId;
    std::deque<Task> m_queue;
    std::deque<Flight> m_flights;
    bool m_up = false;
    uint32_t m_nextRequestId = 0;
    uint32_t m_expectedRequestId = 0;
    std::deque<std::pair<uint32_t, Bytes>> m_responses;
};

} // namespace ipseclab

#endif
