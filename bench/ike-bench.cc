// IKE benchmark: one responder gateway and N initiators (a star of point-to-point links, or one
// CSMA LAN with --topology=csma), each initiator with one
// PSK connection (IKE_SA_INIT + IKE_AUTH with one Child SA) started at a staggered time. Prints
// IKE SAs established per wall second of Simulator::Run and, as a same-process baseline, the
// time of the Diffie-Hellman operations a handshake needs (two key generations and two shared
// secrets through ipseclab::DhGroup), hence the DH share of the run. bench/ike-ratio.py adds
// `openssl speed` for the same group. docs/benchmarks.md ("IKE") explains the method.
#include "crypto/algorithms.h"
#include "crypto/dh-group.h"
#include "crypto/random-source.h"
#include "helper/ike-helper.h"
#include "helper/ipsec-helper.h"
#include "routing/host-routing.h"

#include <ns3/core-module.h>
#include <ns3/csma-module.h>
#include <ns3/internet-module.h>
#include <ns3/network-module.h>
#include <ns3/point-to-point-module.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <map>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

const char* const kPsk = "ike-bench shared secret";

/// Keeps the timed DH results observable so the loops are not optimised away.
volatile size_t g_sink = 0;

struct BenchConfig
{
    uint32_t initiators = 200;
    std::string group = "x25519";
    std::string proposal; ///< empty: aes128-sha256-<group>
    std::string esp = "aes128gcm16";
    double stagger = 0.001;        ///< seconds between two initiators' start
    std::string topology = "star"; ///< "star" (point-to-point links) or "csma" (one LAN)
    /// The hub's routes to its spokes: "host" (a hash table, model/routing) or "static"
    /// (ns-3's Ipv4StaticRouting, which scans one route per spoke for every packet).
    std::string routing = "host";
    double dhMinSeconds = 0.5; ///< in-process DH timing: at least this long per operation kind
    /// ns-3's event scheduler: map (ns-3's default, a std::map), heap, calendar or list.
    std::string scheduler = "map";
    /// Initiators per ns-3 node (star only): 1 is one node and link each; K > 1 puts K
    /// initiator connections, each with its own address, in one daemon on one node, so the
    /// number of ns-3 nodes, devices and links is N/K and ns-3's per-node cost stays small.
    uint32_t perNode = 1;
    /// Where a node with K initiators keeps their addresses: "hashed" (the first on the
    /// interface, the others in the node's Ipv4HostRouting, one hash lookup per packet) or
    /// "interface" (all K on the interface: ns-3's address list costs K^2 per packet in
    /// IsDestinationAddress and K^3 in the UDP demux with one socket per address).
    std::string localAddresses = "hashed";
};

double
CpuSeconds()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

/// Bytes the allocator has handed out and not had back: the lab's state without the pages
/// that freed packets and events leave behind (glibc's mallinfo2).
size_t
HeapInUseBytes()
{
    return mallinfo2().uordblks + mallinfo2().hblkhd;
}

/// Resident set size now, in KiB (ru_maxrss only gives the peak).
long
RssKib()
{
    long pages = 0;
    long resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r"))
    {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
        {
            resident = 0;
        }
        std::fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long
PeakRssKib()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// Counts "established" transitions of the responder and of the initiators; stops the
/// simulation once every initiator and the responder have all N IKE SAs.
struct Counter
{
    uint32_t target = 0;
    uint32_t responder = 0;
    uint32_t initiators = 0;
    std::chrono::steady_clock::time_point t0;

    void Check()
    {
        if (responder >= target && initiators >= target)
        {
            Simulator::Stop();
        }
    }

    void OnResponder(const std::string&, const std::string&, const std::string& state)
    {
        if (state == "established")
        {
            ++responder;
            if (target >= 10 && responder % (target / 10) == 0)
            {
                double s =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                std::printf(
                    "  responder: %u/%u IKE SAs established, %.2f s wall\n", responder, target, s);
                std::fflush(stdout);
            }
            Check();
        }
    }

    void OnInitiator(const std::string&, const std::string&, const std::string& state)
    {
        if (state == "established")
        {
            ++initiators;
            Check();
        }
    }
};

struct RunResult
{
    double wallSeconds = 0;
    double cpuSeconds = 0;
    double simSeconds = 0;
    double setupSeconds = 0;
    uint32_t established = 0;
    uint32_t childSas = 0;
    uint32_t retransmissions = 0;
    /// Heap and RSS growth while the N tunnels came up (ns-3 nodes, links and daemons are
    /// allocated before), divided by N: both ends' IKE SA, Child SA pair, policies, key-file
    /// lines and timers, plus whatever events and packets are still pending.
    double heapPerTunnel = 0;
    double rssPerTunnel = 0;
};

/// Builds the LAN, runs until all N IKE SAs are up (or 60 simulated seconds after the last
/// start), checks, destroys everything. Only Simulator::Run is timed.
RunResult
RunOnce(const BenchConfig& config, const std::string& proposal, uint32_t run)
{
    const auto setup0 = std::chrono::steady_clock::now();
    const uint32_t n = config.initiators;
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));

    const uint32_t k = config.perNode;
    const uint32_t spokes = (n + k - 1) / k;
    NodeContainer nodes;
    nodes.Create(spokes + 1); // node 0: responder; initiator i (1..N) on node (i - 1) / K + 1
    InternetStackHelper internet;
    Ipv4StaticRoutingHelper staticRouting;
    Ipv4ListRoutingHelper listRouting;
    listRouting.Add(staticRouting, 0);
    internet.SetRoutingHelper(listRouting);
    // Initiator i (1..N) has 10.0.0.0 + i + 1; the responder 10.0.0.1 (one address: the IKE
    // daemon answers from its connection's local address).
    const Ipv4Address responderAddress("10.0.0.1");
    auto initiatorAddress = [](uint32_t i)
    {
        return Ipv4Address(0x0a000001 + i);
    };

    if (config.topology == "csma")
    {
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("1Gbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
        NetDeviceContainer devices = csma.Install(nodes);
        internet.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.0.0.0", "255.0.0.0"); // responder .1, initiator i 10.0.0.1 + i
        addresses.Assign(devices);
        // Static ARP entries (each initiator knows the responder, the responder every
        // initiator), like NeighborCacheHelper's "auto-generated" entries but without its N x N
        // table: otherwise 2N ARP broadcasts each reach all N+1 devices, N^2 ns-3 work that
        // has nothing to do with IKE.
        Ptr<ArpCache> responderArp =
            nodes.Get(0)->GetObject<Ipv4L3Protocol>()->GetInterface(1)->GetArpCache();
        for (uint32_t i = 1; i <= n; ++i)
        {
            ArpCache::Entry* e = responderArp->Add(initiatorAddress(i));
            e->SetMacAddress(devices.Get(i)->GetAddress());
            e->MarkAutoGenerated();
            Ptr<ArpCache> arp =
                nodes.Get(i)->GetObject<Ipv4L3Protocol>()->GetInterface(1)->GetArpCache();
            e = arp->Add(responderAddress);
            e->SetMacAddress(devices.Get(0)->GetAddress());
            e->MarkAutoGenerated();
        }
    }
    else
    {
        // A star of point-to-point links. The responder carries the same address on every
        // link (a /32 each) and has one host route per initiator; each initiator a host route
        // to the responder. No ARP, no global routing, and a frame reaches one device only
        // (on a CSMA LAN every frame is delivered to all N+1 devices: N^2 work in total).
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
        std::vector<NetDeviceContainer> links;
        links.reserve(n);
        for (uint32_t s = 1; s <= spokes; ++s)
        {
            links.push_back(p2p.Install(nodes.Get(0), nodes.Get(s)));
        }
        internet.Install(nodes);
        Ptr<Ipv4> rIp = nodes.Get(0)->GetObject<Ipv4>();
        Ptr<Ipv4StaticRouting> rRouting = staticRouting.GetStaticRouting(rIp);
        Ptr<Ipv4HostRouting> hostRouting =
            config.routing == "host" ? Ipv4HostRouting::Install(nodes.Get(0)) : nullptr;
        for (uint32_t s = 1; s <= spokes; ++s)
        {
            const NetDeviceContainer& link = links[s - 1];
            int32_t rIf = rIp->AddInterface(link.Get(0));
            rIp->AddAddress(rIf, Ipv4InterfaceAddress(responderAddress, "255.255.255.255"));
            rIp->SetUp(rIf);
            Ptr<Ipv4> ip = nodes.Get(s)->GetObject<Ipv4>();
            int32_t iIf = ip->AddInterface(link.Get(1));
            const uint32_t first = (s - 1) * k + 1;
            Ptr<Ipv4HostRouting> spokeLocal = k > 1 && config.localAddresses == "hashed"
                                                  ? Ipv4HostRouting::Install(nodes.Get(s))
                                                  : nullptr;
            for (uint32_t i = first; i <= std::min(n, s * k); ++i)
            {
                if (hostRouting)
                {
                    hostRouting->AddHostRoute(initiatorAddress(i), rIf);
                }
                else
                {
                    rRouting->AddHostRouteTo(initiatorAddress(i), rIf);
                }
                if (spokeLocal && i != first)
                {
                    spokeLocal->AddLocalAddress(initiatorAddress(i), iIf);
                }
                else
                {
                    ip->AddAddress(iIf,
                                   Ipv4InterfaceAddress(initiatorAddress(i), "255.255.255.255"));
                }
            }
            ip->SetUp(iIf);
            staticRouting.GetStaticRouting(ip)->AddHostRouteTo(responderAddress, iIf);
        }
    }

    IpsecHelper ipsec;
    ipsec.Install(nodes);

    ipseclab::IkeConfig base;
    base.psk = kPsk;
    base.ikeProposals = {proposal};
    base.children.front().espProposals = {config.esp};
    base.children.front().localTs = "dynamic";
    base.children.front().remoteTs = "dynamic";

    IkeHelper ike;
    ipseclab::IkeConfig rc = base;
    rc.name = "responder";
    rc.localAddress = responderAddress.Get();
    rc.remoteAddress = 0; // accept any initiator
    Ptr<IkeDaemon> responder = ike.Install(nodes.Get(0), rc);
    responder->AssignStreams(1000 + 10 * run);

    Counter counter;
    counter.target = n;
    responder->TraceConnectWithoutContext("StateChange",
                                          MakeCallback(&Counter::OnResponder, &counter));
    std::vector<Ptr<IkeDaemon>> initiators;
    initiators.reserve(n);
    for (uint32_t i = 0; i < n; ++i)
    {
        ipseclab::IkeConfig c = base;
        c.name = "init" + std::to_string(i + 1);
        c.localAddress = initiatorAddress(i + 1).Get();
        c.remoteAddress = rc.localAddress;
        c.children.front().startAction = ipseclab::StartAction::Start;
        c.children.front().startTime = 0.1 + config.stagger * i;
        Ptr<IkeDaemon> d = ike.Install(nodes.Get(i / k + 1), c);
        if (i % k == 0) // the node's first connection: a new daemon
        {
            d->AssignStreams(100000 + 10 * run + i * 1000);
            d->TraceConnectWithoutContext("StateChange",
                                          MakeCallback(&Counter::OnInitiator, &counter));
            d->SetAttribute("SocketPerAddress", BooleanValue(k > 1));
            initiators.push_back(d);
        }
    }
    const double lastStart = 0.1 + config.stagger * (n - 1);
    Simulator::Stop(Seconds(lastStart + 60));

    RunResult r;
    const auto t0 = std::chrono::steady_clock::now();
    r.setupSeconds = std::chrono::duration<double>(t0 - setup0).count();
    counter.t0 = t0;
    const size_t heap0 = HeapInUseBytes();
    const long rss0 = RssKib();
    const double cpu0 = CpuSeconds();
    Simulator::Run();
    r.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.cpuSeconds = CpuSeconds() - cpu0;
    r.heapPerTunnel = (double(HeapInUseBytes()) - double(heap0)) / n;
    r.rssPerTunnel = (RssKib() - rss0) * 1024.0 / n;
    r.simSeconds = Simulator::Now().GetSeconds();
    r.established = responder->GetEstablishedCount();
    r.childSas = responder->GetChildSaCount();
    r.retransmissions = responder->GetRetransmissions();
    uint32_t initiatorsUp = 0;
    for (const auto& d : initiators)
    {
        initiatorsUp += d->GetEstablishedCount();
        r.retransmissions += d->GetRetransmissions();
    }
    initiators.clear();
    Simulator::Destroy();

    std::printf("run %u: %u initiators, %s: responder %u IKE SAs / %u Child SAs, initiators %u "
                "established, %u retransmissions; set-up %.2f s (not timed), Run %.3f s wall, "
                "%.3f s cpu, %.3f s simulated; %.1f handshakes/wall s; per tunnel %.0f B heap, "
                "%.0f B RSS\n",
                run,
                n,
                proposal.c_str(),
                r.established,
                r.childSas,
                initiatorsUp,
                r.retransmissions,
                r.setupSeconds,
                r.wallSeconds,
                r.cpuSeconds,
                r.simSeconds,
                n / r.wallSeconds,
                r.heapPerTunnel,
                r.rssPerTunnel);
    std::fflush(stdout);
    if (r.established != n || initiatorsUp != n || r.childSas != n)
    {
        std::fprintf(stderr,
                     "ike-bench: FAILED: run %u established %u/%u IKE SAs on the responder, %u/%u "
                     "on the initiators, %u/%u Child SAs\n",
                     run,
                     r.established,
                     n,
                     initiatorsUp,
                     n,
                     r.childSas,
                     n);
        std::exit(1);
    }
    return r;
}

/// Microseconds per DhGroup::Create (key generation) and per ComputeSharedSecret for the
/// group, in this process, through the same code the daemon uses.
void
TimeDh(const std::string& group, double minSeconds, double& keygenUs, double& deriveUs)
{
    ipseclab::SeededRandomSource rng(42);
    const ipseclab::DhGroupInfo& info = ipseclab::FindDhGroup(group);
    auto peer = ipseclab::DhGroup::Create(info, rng);
    const ipseclab::Bytes peerPublic = peer->PublicValue();
    // Key generation.
    uint32_t count = 0;
    size_t sink = 0;
    auto t0 = std::chrono::steady_clock::now();
    double cpu0 = CpuSeconds();
    do
    {
        for (int k = 0; k < 10; ++k, ++count)
        {
            auto key = ipseclab::DhGroup::Create(info, rng);
            sink += key->PublicValue().size();
        }
    } while (CpuSeconds() - cpu0 < minSeconds);
    keygenUs = (CpuSeconds() - cpu0) * 1e6 / count;
    // Shared secrets (one key pair, as the daemon computes one secret per key pair).
    auto mine = ipseclab::DhGroup::Create(info, rng);
    count = 0;
    cpu0 = CpuSeconds();
    do
    {
        for (int k = 0; k < 10; ++k, ++count)
        {
            sink += mine->ComputeSharedSecret(peerPublic).size();
        }
    } while (CpuSeconds() - cpu0 < minSeconds);
    deriveUs = (CpuSeconds() - cpu0) * 1e6 / count;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    g_sink = g_sink + sink;
    std::printf("dh %s in-process (DhGroup, cpu time): key generation %.1f us, shared secret "
                "%.1f us; %.1f s wall\n",
                group.c_str(),
                keygenUs,
                deriveUs,
                wall);
    std::fflush(stdout);
}

} // namespace

int
main(int argc, char* argv[])
{
    BenchConfig config;
    uint32_t repeat = 3;
    bool dh = true;
    CommandLine cmd(__FILE__);
    cmd.AddValue("initiators", "number of initiators (one IKE SA each)", config.initiators);
    cmd.AddValue("group", "DH group: x25519, ecp256, ecp384, modp2048", config.group);
    cmd.AddValue("proposal", "IKE proposal (default aes128-sha256-<group>)", config.proposal);
    cmd.AddValue("esp", "ESP proposal of the Child SA", config.esp);
    cmd.AddValue(
        "topology", "star (point-to-point links, default) or csma (one LAN)", config.topology);
    cmd.AddValue("stagger", "seconds between initiator starts", config.stagger);
    cmd.AddValue("routing",
                 "the hub's routes in the star: host (hashed, model/routing) or static (ns-3's "
                 "Ipv4StaticRouting, a scan per packet)",
                 config.routing);
    cmd.AddValue("scheduler",
                 "ns-3 event scheduler: map (default), heap, calendar or list",
                 config.scheduler);
    cmd.AddValue("perNode",
                 "initiators per ns-3 node in the star (each its own address, one daemon per "
                 "node); 1: a node and link per initiator",
                 config.perNode);
    cmd.AddValue("localAddresses",
                 "with --perNode > 1: hashed (one address on the interface, the others in "
                 "Ipv4HostRouting) or interface (all on the interface, ns-3's address list)",
                 config.localAddresses);
    cmd.AddValue("repeat", "runs on a fresh topology; medians are printed", repeat);
    cmd.AddValue("dh", "time DH in-process as a baseline (0: skip)", dh);
    cmd.AddValue("dhSeconds",
                 "cpu seconds per DH operation kind in the in-process timing",
                 config.dhMinSeconds);
    cmd.Parse(argc, argv);
    if (config.routing != "host" && config.routing != "static")
    {
        std::fprintf(stderr, "ike-bench: --routing must be host or static\n");
        return 2;
    }
    if (config.localAddresses != "hashed" && config.localAddresses != "interface")
    {
        std::fprintf(stderr, "ike-bench: --localAddresses must be hashed or interface\n");
        return 2;
    }
    if (config.topology != "star" && config.topology != "csma")
    {
        std::fprintf(stderr, "ike-bench: --topology must be star or csma\n");
        return 2;
    }
    const std::map<std::string, std::string> schedulers = {{"map", "ns3::MapScheduler"},
                                                           {"heap", "ns3::HeapScheduler"},
                                                           {"calendar", "ns3::CalendarScheduler"},
                                                           {"list", "ns3::ListScheduler"}};
    if (!schedulers.count(config.scheduler))
    {
        std::fprintf(stderr, "ike-bench: --scheduler must be map, heap, calendar or list\n");
        return 2;
    }
    // A global value, not Simulator::SetScheduler: it must survive Simulator::Destroy between
    // runs.
    GlobalValue::Bind("SchedulerType", StringValue(schedulers.at(config.scheduler)));
    if (config.perNode == 0 || (config.perNode > 1 && config.topology != "star"))
    {
        std::fprintf(stderr, "ike-bench: --perNode must be positive, and 1 with --topology=csma\n");
        return 2;
    }
    if (config.initiators == 0 || repeat == 0)
    {
        std::fprintf(stderr, "ike-bench: --initiators and --repeat must be positive\n");
        return 2;
    }
    const std::string proposal =
        config.proposal.empty() ? "aes128-sha256-" + config.group : config.proposal;
    try
    {
        ipseclab::FindDhGroup(config.group);
    }
    catch (const std::exception& e)
    {
        std::fprintf(stderr, "ike-bench: %s\n", e.what());
        return 2;
    }
    std::printf("ike-bench: 1 responder, %u initiators (%u per ns-3 node, addresses %s), %s, 1 "
                "Gbps, PSK, IKE %s, ESP %s, one start every %g ms, ns-3 %s scheduler; %u runs\n",
                config.initiators,
                config.perNode,
                config.perNode > 1 ? config.localAddresses.c_str() : "on the interface",
                config.topology == "csma" ? "one CSMA LAN" : "star of point-to-point links",
                proposal.c_str(),
                config.esp.c_str(),
                config.stagger * 1e3,
                config.scheduler.c_str(),
                repeat);
    std::fflush(stdout);

    std::vector<double> rates;
    std::vector<double> walls;
    std::vector<double> cpus;
    std::vector<double> heaps;
    std::vector<double> rsses;
    for (uint32_t r = 1; r <= repeat; ++r)
    {
        RunResult result = RunOnce(config, proposal, r);
        rates.push_back(config.initiators / result.wallSeconds);
        walls.push_back(result.wallSeconds);
        cpus.push_back(result.cpuSeconds);
        heaps.push_back(result.heapPerTunnel);
        rsses.push_back(result.rssPerTunnel);
    }
    double keygenUs = 0;
    double deriveUs = 0;
    if (dh)
    {
        TimeDh(config.group, config.dhMinSeconds, keygenUs, deriveUs);
    }
    // Per handshake: each side generates one key pair and computes one shared secret.
    const double dhOps = 4.0 * config.initiators;
    const double dhSeconds = config.initiators * 2 * (keygenUs + deriveUs) / 1e6;
    const double wall = Median(walls);
    const double cpu = Median(cpus);
    std::printf("median: %.1f handshakes/wall s (%.3f s wall, %.3f s cpu for %u handshakes)",
                Median(rates),
                wall,
                cpu,
                config.initiators);
    if (dh)
    {
        std::printf("; DH in-process %.3f s = %.1f%% of wall, %.1f%% of cpu",
                    dhSeconds,
                    100 * dhSeconds / wall,
                    100 * dhSeconds / cpu);
    }
    std::printf("; peak RSS %.1f MiB\n", PeakRssKib() / 1024.0);
    // One machine-readable line for bench/ike-ratio.py.
    std::printf("RESULT {\"group\": \"%s\", \"proposal\": \"%s\", \"initiators\": %u, "
                "\"runs\": %u, \"wall_s\": %.6f, \"cpu_s\": %.6f, \"handshakes_per_s\": %.3f, "
                "\"dh_ops\": %.0f, \"keygen_us\": %.3f, \"derive_us\": %.3f, "
                "\"dh_share_inprocess\": %.5f, \"peak_rss_kib\": %ld, "
                "\"heap_per_tunnel_b\": %.1f, \"rss_per_tunnel_b\": %.1f, \"scheduler\": \"%s\", "
                "\"per_node\": %u}\n",
                config.group.c_str(),
                proposal.c_str(),
                config.initiators,
                repeat,
                wall,
                cpu,
                Median(rates),
                dhOps,
                keygenUs,
                deriveUs,
                dh ? dhSeconds / wall : 0.0,
                PeakRssKib(),
                Median(heaps),
                Median(rsses),
                config.scheduler.c_str(),
                config.perNode);
    return 0;
}
