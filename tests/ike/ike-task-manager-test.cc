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
