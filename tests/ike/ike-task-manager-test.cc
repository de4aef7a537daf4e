// The IKE core's TaskManager on its own: queueing, one request in flight, message IDs, the
// responder's cache, tasks that wait for the IKE SA, and the collision hook.
#include "ike-core/task-manager.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace
{

using ipseclab::IkeTaskKind;

struct Message
{
    struct
    {
        uint32_t messageId = 0;
    } header;
    std::string what;
};

using Manager = ipseclab::TaskManager<Message>;
using Task = Manager::Task;

Task
MakeTask(const std::string& name, IkeTaskKind kind, uint64_t key, std::vector<std::string>* log)
{
    return Task{name,
                kind,
                key,
                [name]() {
                    return Message{{}, name};
                },
                [name, log](const Message& answer)
                {
                    log->push_back(name + ":" + answer.what);
                }};
}

TEST(IkeTaskManager, OneRequestInFlightInQueueOrder)
{
    std::vector<std::string> log;
    Manager tasks;
    tasks.SetUp();
    tasks.Queue(MakeTask("DELETE CHILD", IkeTaskKind::ChildDelete, 7, &log));
    tasks.Queue(MakeTask("DPD", IkeTaskKind::Dpd, 0, &log));
    Message request;
    ASSERT_TRUE(tasks.StartNext(request));
    EXPECT_EQ(request.what, "DELETE CHILD");
    EXPECT_EQ(request.header.messageId, 0u);
    EXPECT_TRUE(tasks.InFlight());
    EXPECT_FALSE(tasks.Idle());
    EXPECT_EQ(tasks.Attempts(), 1u);
    // Window 1: nothing else goes out before the answer.
    Message second;
    EXPECT_FALSE(tasks.StartNext(second));
    EXPECT_FALSE(tasks.Answers(1));
    ASSERT_TRUE(tasks.Answers(0));
    Task done = tasks.Finish();
    done.process(Message{{0}, "ok"});
    EXPECT_EQ(log, std::vector<std::string>{"DELETE CHILD:ok"});
    ASSERT_TRUE(tasks.StartNext(second));
    EXPECT_EQ(second.what, "DPD");
    EXPECT_EQ(second.header.messageId, 1u);
    tasks.Finish();
    EXPECT_TRUE(tasks.Idle());
}

TEST(IkeTaskManager, RetransmissionKeepsTheRequest)
{
    std::vector<std::string> log;
    Manager tasks;
    tasks.Queue(MakeTask("IKE_SA_INIT", IkeTaskKind::IkeInit, 0, &log));
    Message request;
    ASSERT_TRUE(tasks.StartNext(request));
    tasks.SetRequestBytes({1, 2, 3});
    tasks.CountAttempt();
    EXPECT_EQ(tasks.Attempts(), 2u);
    EXPECT_EQ(tasks.RequestBytes(), (ipseclab::Bytes{1, 2, 3}));
    EXPECT_EQ(tasks.ActiveName(), "IKE_SA_INIT");
    // A retry after COOKIE starts at message ID 0 again, in front of everything else.
    tasks.Settle();
    tasks.RestartMessageIds();
    tasks.Queue(MakeTask("DELETE IKE", IkeTaskKind::IkeDelete, 0, &log));
    tasks.QueueFirst(MakeTask("IKE_SA_INIT", IkeTaskKind::IkeInit, 0, &log));
    ASSERT_TRUE(tasks.StartNext(request));
    EXPECT_EQ(request.what, "IKE_SA_INIT");
    EXPECT_EQ(request.header.messageId, 0u);
}

TEST(IkeTaskManager, QueuedChildCreationStartsWhenTheIkeSaIsUp)
{
    std::vector<std::string> log;
    Manager tasks;
    tasks.Queue(MakeTask("CREATE_CHILD_SA", IkeTaskKind::ChildCreate, 1, &log));
    tasks.Queue(MakeTask("IKE_AUTH", IkeTaskKind::IkeAuth, 0, &log));
    Message request;
    // The Child SA needs an established IKE SA: IKE_AUTH goes first.
    ASSERT_TRUE(tasks.StartNext(request));
    EXPECT_EQ(request.what, "IKE_AUTH");
    tasks.Finish();
    EXPECT_FALSE(tasks.StartNext(request)); // still waiting
    EXPECT_TRUE(tasks.Has(IkeTaskKind::ChildCreate, 1));
    tasks.SetUp();
    ASSERT_TRUE(tasks.StartNext(request));
    EXPECT_EQ(request.what, "CREATE_CHILD_SA");
    EXPECT_EQ(request.header.messageId, 1u);
}

TEST(IkeTaskManager, CollisionHookFindsQueuedAndInFlightTasks)
{
    std::vector<std::string> log;
    Manager tasks;
    tasks.SetUp();
    tasks.Queue(MakeTask("CHILD_REKEY", IkeTaskKind::ChildRekey, 0x1234, &log));
    tasks.Queue(MakeTask("IKE_REKEY", IkeTaskKind::IkeRekey, 0, &log));
    // The peer rekeys Child SA 0x1234 while this node's rekey of it is queued: a collision.
    const Task* colliding = tasks.Colliding(IkeTaskKind::ChildRekey, 0x1234);
    ASSERT_NE(colliding, nullptr);
    EXPECT_EQ(colliding->name, "CHILD_REKEY");
    EXPECT_EQ(tasks.Colliding(IkeTaskKind::ChildRekey, 0x9999), nullptr);  // another SA
    EXPECT_EQ(tasks.Colliding(IkeTaskKind::ChildDelete, 0x1234), nullptr); // another kind
    Message request;
    ASSERT_TRUE(tasks.StartNext(request));
    EXPECT_NE(tasks.Colliding(IkeTaskKind::ChildRekey, 0x1234), nullptr); // in flight
    EXPECT_NE(tasks.Colliding(IkeTaskKind::IkeRekey, 0), nullptr);        // queued
    // Once answered, the task has finished: no collision any more.
    tasks.Finish();
    EXPECT_EQ(tasks.Colliding(IkeTaskKind::ChildRekey, 0x1234), nullptr);
    EXPECT_EQ(tasks.Queued(), 1u);
}

TEST(IkeTaskManager, ResponderCacheAndExpectedRequest)
{
    Manager tasks;
    tasks.ExpectRequest(1);
    EXPECT_EQ(tasks.ExpectedRequest(), 1u);
    EXPECT_FALSE(tasks.IsRetransmission(1));
    tasks.ExpectRequest(2);
    tasks.Answered(1, {0xaa});
    EXPECT_TRUE(tasks.IsRetransmission(1));
    EXPECT_FALSE(tasks.IsRetransmission(2));
    EXPECT_EQ(tasks.CachedResponse(), (ipseclab::Bytes{0xaa}));
    EXPECT_EQ(tasks.ExpectedRequest(), 2u);
}

TEST(IkeTaskManager, KindsThatWaitForTheIkeSa)
{
    EXPECT_FALSE(ipseclab::NeedsEstablishedSa(IkeTaskKind::IkeInit));
    EXPECT_FALSE(ipseclab::NeedsEstablishedSa(IkeTaskKind::IkeAuth));
    EXPECT_FALSE(ipseclab::NeedsEstablishedSa(IkeTaskKind::IkeDelete));
    EXPECT_TRUE(ipseclab::NeedsEstablishedSa(IkeTaskKind::ChildCreate));
    EXPECT_TRUE(ipseclab::NeedsEstablishedSa(IkeTaskKind::ChildRekey));
    EXPECT_TRUE(ipseclab::NeedsEstablishedSa(IkeTaskKind::IkeRekey));
    EXPECT_STREQ(ipseclab::ToString(IkeTaskKind::ChildRekey), "child-rekey");
}

} // namespace

// IKEv1's policy: phase 1 on message ID 0, every later exchange a random ID of its own, several
// Quick Modes in flight at once.
TEST(IkeTaskManager, RandomIdsPhaseOneOnZeroConcurrentQuickModes)
{
    std::vector<uint32_t> draws = {0, 0x1111, 0x1111, 0x2222, 0x3333};
    size_t next = 0;
    Manager tasks(ipseclab::MessageIdPolicy::Random, 2, [&]() { return draws.at(next++); });
    std::vector<std::string> log;
    tasks.Queue(MakeTask("MainMode", IkeTaskKind::IkeInit, 0, &log));
    tasks.Queue(MakeTask("QuickMode-a", IkeTaskKind::ChildCreate, 0, &log));
    tasks.Queue(MakeTask("QuickMode-b", IkeTaskKind::ChildCreate, 1, &log));
    tasks.Queue(MakeTask("QuickMode-c", IkeTaskKind::ChildCreate, 2, &log));
    Message m;
    ASSERT_TRUE(tasks.StartNext(m));
    EXPECT_EQ(m.header.messageId, 0u) << "phase 1 uses message ID 0";
    EXPECT_EQ(next, 0u) << "no ID drawn for phase 1";
    EXPECT_FALSE(tasks.StartNext(m)) << "Quick Modes wait for phase 1";
    tasks.SetUp();
    ASSERT_TRUE(tasks.StartNext(m)) << "window 2: a Quick Mode beside phase 1";
    EXPECT_EQ(m.header.messageId, 0x1111u) << "0 is drawn again";
    EXPECT_FALSE(tasks.StartNext(m)) << "window full";
    tasks.Finish(0).process(Message{{}, "done"});
    ASSERT_TRUE(tasks.StartNext(m));
    EXPECT_EQ(m.header.messageId, 0x2222u) << "an ID in flight is drawn again";
    EXPECT_EQ(tasks.InFlightCount(), 2u);
    EXPECT_TRUE(tasks.Answers(0x1111));
    EXPECT_TRUE(tasks.Answers(0x2222));
    EXPECT_FALSE(tasks.Answers(0));
    tasks.SetRequestBytes(0x1111, {0x01});
    tasks.SetRequestBytes(0x2222, {0x02});
    tasks.CountAttempt(0x1111);
    EXPECT_EQ(tasks.Attempts(0x1111), 2u);
    EXPECT_EQ(tasks.Attempts(0x2222), 1u);
    EXPECT_EQ(tasks.RequestBytes(0x2222), (ipseclab::Bytes{0x02}));
    EXPECT_NE(tasks.Colliding(IkeTaskKind::ChildCreate, 1), nullptr);
    // The later Quick Mode is answered first: answers are matched by ID, not by order.
    tasks.Finish(0x2222).process(Message{{}, "ok"});
    ASSERT_TRUE(tasks.StartNext(m));
    EXPECT_EQ(m.header.messageId, 0x3333u);
    tasks.Finish(0x1111).process(Message{{}, "ok"});
    EXPECT_EQ(log, (std::vector<std::string>{"MainMode:done", "QuickMode-b:ok", "QuickMode-a:ok"}));
}

TEST(IkeTaskManager, RandomPolicyCachesOneAnswerPerWindowSlot)
{
    Manager tasks(ipseclab::MessageIdPolicy::Random, 2, []() { return 7u; });
    tasks.Answered(0x10, {0x10});
    tasks.Answered(0x20, {0x20});
    EXPECT_TRUE(tasks.IsRetransmission(0x10));
    EXPECT_EQ(tasks.CachedResponse(0x10), (ipseclab::Bytes{0x10}));
    EXPECT_EQ(tasks.CachedResponse(), (ipseclab::Bytes{0x20}));
    tasks.Answered(0x30, {0x30});
    EXPECT_FALSE(tasks.IsRetransmission(0x10)) << "the oldest answer leaves the cache";
    EXPECT_TRUE(tasks.IsRetransmission(0x20));
    EXPECT_TRUE(tasks.IsRetransmission(0x30));
}

TEST(IkeTaskManager, SequentialWindowOneIsTheDefault)
{
    Manager tasks;
    EXPECT_EQ(tasks.Policy(), ipseclab::MessageIdPolicy::Sequential);
    EXPECT_EQ(tasks.Window(), 1u);
    std::vector<std::string> log;
    tasks.SetUp();
    tasks.Queue(MakeTask("a", IkeTaskKind::Dpd, 0, &log));
    tasks.Queue(MakeTask("b", IkeTaskKind::Dpd, 0, &log));
    Message m;
    ASSERT_TRUE(tasks.StartNext(m));
    EXPECT_EQ(m.header.messageId, 0u);
    EXPECT_FALSE(tasks.StartNext(m));
    tasks.Answered(5, {0x05});
    tasks.Answered(6, {0x06});
    EXPECT_FALSE(tasks.IsRetransmission(5)) << "window 1 keeps the last answer only";
    tasks.Finish();
    ASSERT_TRUE(tasks.StartNext(m));
    EXPECT_EQ(m.header.messageId, 1u);
}

TEST(IkeTaskManager, BadParametersAreRefused)
{
    EXPECT_THROW(Manager(ipseclab::MessageIdPolicy::Sequential, 0), std::invalid_argument);
    EXPECT_THROW(Manager(ipseclab::MessageIdPolicy::Random, 4), std::invalid_argument);
    Manager tasks;
    EXPECT_THROW(tasks.Finish(3), std::logic_error);
    EXPECT_THROW(tasks.ActiveId(), std::logic_error);
}
