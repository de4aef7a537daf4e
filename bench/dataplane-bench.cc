// Data-plane benchmark: N UDP datagrams of 1400 octets from host1 to host2 over
// host1 - gwA - gwB - host2 (1 Gbps point-to-point links, static routes), once in plain ns-3 and
// once through an ESP AES-128-GCM tunnel between the gateways, in the same process. Prints
// packets per wall second of each run, peak memory, memory per SA, and the median wall-time
// ratio ipsec/plain over the paired runs. docs/benchmarks.md explains the method.
#include "helper/ipsec-helper.h"
#include "sa/spd.h"

#include <ns3/core-module.h>
#include <ns3/internet-module.h>
#include <ns3/network-module.h>
#include <ns3/point-to-point-module.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

constexpr uint16_t kPort = 9000;
constexpr uint32_t kPayloadSize = 1400;

/// Options shared by every run.
struct BenchConfig
{
    uint32_t packets = 1000000;
    // Slower than the wire time of one ESP datagram on 1 Gbps (1486 octets: 11.9 us), so neither
    // run queues or drops; both runs use the same schedule.
    Time interval = NanoSeconds(12500);
    bool checksum = false;
    bool weakEs = true;
};

/// Sends `count` datagrams of real payload octets (not ns-3's zero-filled virtual bytes, which
/// ESP would have to materialise anyway), so both runs copy and carry the same bytes.
class DataplaneSender
{
  public:
    DataplaneSender(Ptr<Node> node, Ipv4Address dst, uint32_t count, Time interval)
        : m_count(count)
        , m_interval(interval)
        , m_payload(kPayloadSize)
    {
        for (uint32_t i = 0; i < kPayloadSize; ++i)
        {
            m_payload[i] = static_cast<uint8_t>(i * 7 + 1);
        }
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->Connect(InetSocketAddress(dst, kPort));
    }

    void Start(Time at) { Simulator::Schedule(at, &DataplaneSender::SendOne, this); }

    uint32_t Sent() const { return m_sent; }

  private:
    void SendOne()
    {
        // The first octets carry the sequence number so the sink can check content and order.
        for (int b = 0; b < 4; ++b)
        {
            m_payload[b] = static_cast<uint8_t>(m_sent >> (8 * (3 - b)));
        }
        m_socket->Send(Create<Packet>(m_payload.data(), kPayloadSize));
        if (++m_sent < m_count)
        {
            Simulator::Schedule(m_interval, &DataplaneSender::SendOne, this);
        }
    }

    Ptr<Socket> m_socket;
    uint32_t m_count;
    Time m_interval;
    std::vector<uint8_t> m_payload;
    uint32_t m_sent = 0;
};

/// Counts datagrams; checks the size of each and the full content of every 1000th.
class DataplaneSink
{
  public:
    explicit DataplaneSink(Ptr<Node> node)
    {
        m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), kPort));
        m_socket->SetRecvCallback(MakeCallback(&DataplaneSink::Receive, this));
    }

    uint32_t Received() const { return m_received; }

    uint32_t Bad() const { return m_bad; }

  private:
    void Receive(Ptr<Socket> socket)
    {
        Ptr<Packet> p;
        while ((p = socket->Recv()))
        {
            if (p->GetSize() != kPayloadSize)
            {
                ++m_bad;
            }
            else if (m_received % 1000 == 0)
            {
                uint8_t buf[kPayloadSize];
                p->CopyData(buf, kPayloadSize);
                uint32_t seq = (uint32_t(buf[0]) << 24) | (uint32_t(buf[1]) << 16) |
                               (uint32_t(buf[2]) << 8) | buf[3];
                bool ok = seq == m_received;
                for (uint32_t i = 4; i < kPayloadSize && ok; ++i)
                {
                    ok = buf[i] == static_cast<uint8_t>(i * 7 + 1);
                }
                m_bad += ok ? 0 : 1;
            }
            ++m_received;
        }
    }

    Ptr<Socket> m_socket;
    uint32_t m_received = 0;
    uint32_t m_bad = 0;
};

/// Resident set size now, in KiB (ru_maxrss only ever grows, so growth needs statm).
long
CurrentRssKib()
{
    std::ifstream statm("/proc/self/statm");
    long size = 0;
    long resident = 0;
    statm >> size >> resident;
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
CpuSeconds()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
}

struct RunResult
{
    double wallSeconds = 0;
    double cpuSeconds = 0;
};

void
Progress(const char* name, uint32_t sent, uint32_t total, std::chrono::steady_clock::time_point t0)
{
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("  %s: %u/%u packets sent, %.1f s wall\n", name, sent, total, s);
    std::fflush(stdout);
}

/// Builds host1 - gwA - gwB - host2, runs the traffic, checks delivery, destroys everything.
RunResult
RunOnce(const BenchConfig& config, bool ipsec)
{
    const char* name = ipsec ? "ipsec" : "plain";
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(config.checksum));
    Config::SetDefault("ns3::Ipv4::WeakEsModel", BooleanValue(config.weakEs));

    NodeContainer nodes;
    nodes.Create(4);
    Ptr<Node> host1 = nodes.Get(0);
    Ptr<Node> gwA = nodes.Get(1);
    Ptr<Node> gwB = nodes.Get(2);
    Ptr<Node> host2 = nodes.Get(3);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10us"));
    NetDeviceContainer lanA = p2p.Install(host1, gwA);
    NetDeviceContainer wan = p2p.Install(gwA, gwB);
    NetDeviceContainer lanB = p2p.Install(gwB, host2);

    // Static routing only (no global routing set-up), inside an Ipv4ListRouting in both runs:
    // IpsecStack adds its routing shim to that list.
    InternetStackHelper internet;
    Ipv4StaticRoutingHelper staticRouting;
    Ipv4ListRoutingHelper listRouting;
    listRouting.Add(staticRouting, 0);
    internet.SetRoutingHelper(listRouting);
    internet.Install(nodes);

    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer lanAIf = addresses.Assign(lanA); // host1 .1, gwA .2
    addresses.SetBase("192.168.100.0", "255.255.255.0");
    Ipv4InterfaceContainer wanIf = addresses.Assign(wan); // gwA .1, gwB .2
    addresses.SetBase("10.2.0.0", "255.255.255.0");
    Ipv4InterfaceContainer lanBIf = addresses.Assign(lanB); // gwB .1, host2 .2

    staticRouting.GetStaticRouting(host1->GetObject<Ipv4>())
        ->SetDefaultRoute(lanAIf.GetAddress(1), 1);
    staticRouting.GetStaticRouting(host2->GetObject<Ipv4>())
        ->SetDefaultRoute(lanBIf.GetAddress(0), 1);
    staticRouting.GetStaticRouting(gwA->GetObject<Ipv4>())
        ->AddNetworkRouteTo("10.2.0.0", "255.255.255.0", wanIf.GetAddress(1), 2);
    staticRouting.GetStaticRouting(gwB->GetObject<Ipv4>())
        ->AddNetworkRouteTo("10.1.0.0", "255.255.255.0", wanIf.GetAddress(0), 1);

    Ptr<IpsecStack> stackA;
    Ptr<IpsecStack> stackB;
    if (ipsec)
    {
        IpsecHelper helper;
        stackA = helper.Install(gwA);
        stackB = helper.Install(gwB);
        ManualSaPairConfig c;
        c.mode = ipseclab::IpsecMode::Tunnel;
        c.espProposal = "aes128gcm16";
        c.addressA = wanIf.GetAddress(0);
        c.addressB = wanIf.GetAddress(1);
        c.trafficA = "10.1.0.0/24";
        c.trafficB = "10.2.0.0/24";
        ipseclab::SeededRandomSource keys(1);
        InstallManualSaPair(stackA, stackB, c, keys);
    }

    DataplaneSink sink(host2);
    DataplaneSender sender(host1, lanBIf.GetAddress(1), config.packets, config.interval);
    sender.Start(Seconds(1));

    const auto t0 = std::chrono::steady_clock::now();
    const uint32_t tenth = std::max<uint32_t>(config.packets / 10, 1);
    for (uint32_t k = tenth; k < config.packets; k += tenth)
    {
        Simulator::Schedule(
            Seconds(1) + config.interval * k, &Progress, name, k, config.packets, t0);
    }
    const double cpu0 = CpuSeconds();
    Simulator::Run();
    RunResult r;
    r.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.cpuSeconds = CpuSeconds() - cpu0;

    bool failed = sink.Received() != config.packets || sink.Bad() != 0;
    if (ipsec)
    {
        // Every datagram must have crossed the WAN as ESP and come out again.
        failed = failed || stackA->GetProtectedCount() != config.packets ||
                 stackB->GetUnprotectedCount() != config.packets;
    }
    std::printf("%s: %u sent, %u received, %u bad, %.2f s wall, %.2f s cpu, %.0f packets/wall s",
                name,
                sender.Sent(),
                sink.Received(),
                sink.Bad(),
                r.wallSeconds,
                r.cpuSeconds,
                config.packets / r.wallSeconds);
    if (ipsec)
    {
        std::printf(", %lu protected at gwA, %lu unprotected at gwB",
                    static_cast<unsigned long>(stackA->GetProtectedCount()),
                    static_cast<unsigned long>(stackB->GetUnprotectedCount()));
    }
    std::printf("\n");
    std::fflush(stdout);
    Simulator::Destroy();
    if (failed)
    {
        std::fprintf(stderr, "dataplane-bench: FAILED: %s run lost or corrupted packets\n", name);
        std::exit(1);
    }
    return r;
}

/// RSS growth of installing `pairs` SA pairs (tunnel, AES-128-GCM, distinct selectors and SPIs)
/// between two nodes: each pair is one outbound and one inbound SA plus policies on each node.
void
MeasureSaMemory(uint32_t pairs)
{
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("192.168.100.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devices);
    IpsecHelper helper;
    Ptr<IpsecStack> a = helper.Install(nodes.Get(0));
    Ptr<IpsecStack> b = helper.Install(nodes.Get(1));
    ipseclab::SeededRandomSource keys(2);

    // Configs are built first so their strings are not counted as SA memory.
    std::vector<ManualSaPairConfig> configs(pairs);
    for (uint32_t i = 0; i < pairs; ++i)
    {
        ManualSaPairConfig& c = configs[i];
        c.mode = ipseclab::IpsecMode::Tunnel;
        c.espProposal = "aes128gcm16";
        c.addressA = ifs.GetAddress(0);
        c.addressB = ifs.GetAddress(1);
        // 20.x.y.0/24 <-> 40.x.y.0/24, the first octet counting up past 65,536 pairs.
        const std::string mid =
            std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255) + ".0/24";
        c.trafficA = std::to_string(20 + (i >> 16)) + "." + mid;
        c.trafficB = std::to_string(40 + (i >> 16)) + "." + mid;
        c.spiAtoB = 0x10000 + 2 * i;
        c.spiBtoA = 0x10001 + 2 * i;
        c.reqid = i + 1;
    }
    const long before = CurrentRssKib();
    const auto t0 = std::chrono::steady_clock::now();
    for (uint32_t i = 0; i < pairs; ++i)
    {
        InstallManualSaPair(a, b, configs[i], keys);
        if ((i + 1) % std::max<uint32_t>(pairs / 4, 1) == 0)
        {
            std::printf("  sa-memory: %u/%u pairs installed\n", i + 1, pairs);
            std::fflush(stdout);
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long growth = CurrentRssKib() - before;
    const double sas = 4.0 * pairs; // 2 per node per pair
    std::printf("sa-memory: %u SA pairs on 2 nodes (%.0f SAs, with their policies): RSS +%ld KiB "
                "in %.2f s, %.0f bytes per SA (incl. policy), %.1f us per pair install\n",
                pairs,
                sas,
                growth,
                seconds,
                growth * 1024.0 / sas,
                seconds * 1e6 / pairs);
    std::printf("sad sizes: node A %zu, node B %zu\n", a->GetSad().Size(), b->GetSad().Size());
    std::fflush(stdout);
    Simulator::Destroy();
}

double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// ns per SPD lookup of distinct flows (cache off: every lookup consults the index), in an SPD
/// of `policies` tunnel policies of one shape (/24 to /24), flows spread over all of them.
double
SpdLookupNs(uint32_t policies, uint32_t lookups)
{
    ipseclab::Spd spd(0);
    for (uint32_t i = 0; i < policies; ++i)
    {
        ipseclab::SpdEntry e;
        e.direction = ipseclab::Direction::Outbound;
        e.action = ipseclab::SpdAction::Bypass;
        e.priority = 100;
        e.selector.local = ipseclab::Ipv4Prefix{(20u << 24) | (i << 8), 24};
        e.selector.remote = ipseclab::Ipv4Prefix{(30u << 24) | (i << 8), 24};
        spd.Add(e);
    }
    std::vector<ipseclab::FlowKey> flows(4096);
    for (uint32_t k = 0; k < flows.size(); ++k)
    {
        const uint32_t i = static_cast<uint32_t>((uint64_t{k} * 2654435761u) % policies);
        flows[k] = {(20u << 24) | (i << 8) | 5, (30u << 24) | (i << 8) | 9, 17, 4000, 5000};
    }
    uint64_t found = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (uint32_t n = 0; n < lookups; ++n)
    {
        found += spd.Lookup(ipseclab::Direction::Outbound, flows[n % flows.size()]) != nullptr;
    }
    const double ns =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    if (found != lookups)
    {
        std::fprintf(stderr, "dataplane-bench: SPD lookups missed their policy\n");
        std::exit(1);
    }
    return ns / lookups;
}

/// The SPD's lookup cost with 1 and with `policies` policies, paired runs, median ratio.
void
MeasureSpdScaling(uint32_t policies, uint32_t repeat)
{
    std::vector<double> ratios;
    double one = 0;
    double many = 0;
    for (uint32_t r = 0; r < repeat; ++r)
    {
        one = SpdLookupNs(1, 2000000);
        many = SpdLookupNs(policies, 2000000);
        ratios.push_back(many / one);
    }
    std::printf("spd lookup (cache off): %.0f ns with 1 policy, %.0f ns with %u policies\n",
                one,
                many,
                policies);
    std::printf("spd ratio lookup %uk/1 policies = %.2f\n", policies / 1000, Median(ratios));
    std::fflush(stdout);
}

} // namespace

int
main(int argc, char* argv[])
{
    BenchConfig config;
    uint32_t repeat = 3;
    uint32_t saPairs = 10000;
    std::string only;
    CommandLine cmd(__FILE__);
    cmd.AddValue("packets", "datagrams per run", config.packets);
    cmd.AddValue("repeat", "paired runs (plain + ipsec); the ratio is their median", repeat);
    cmd.AddValue("interval", "time between datagrams", config.interval);
    cmd.AddValue("checksum", "ns-3 ChecksumEnabled in both runs", config.checksum);
    cmd.AddValue("weakEs", "ns3::Ipv4::WeakEsModel in both runs", config.weakEs);
    cmd.AddValue("only", "run only 'plain' or 'ipsec' (for profilers); no ratio", only);
    cmd.AddValue("saPairs", "SA pairs installed to measure memory per SA (0: skip)", saPairs);
    uint32_t spdPolicies = 100000;
    cmd.AddValue("spdPolicies", "policies in the SPD lookup-scaling phase (0: skip)", spdPolicies);
    cmd.Parse(argc, argv);
    if (config.packets == 0 || repeat == 0)
    {
        std::fprintf(stderr, "dataplane-bench: --packets and --repeat must be positive\n");
        return 2;
    }
    std::printf("dataplane-bench: %u x %u-octet UDP datagrams host1-gwA-gwB-host2, 1 Gbps p2p, "
                "one every %s; plain vs ESP tunnel aes128gcm16; %u paired runs; checksum=%d "
                "weakEs=%d\n",
                config.packets,
                kPayloadSize,
                std::to_string(config.interval.GetNanoSeconds()).append(" ns").c_str(),
                repeat,
                config.checksum,
                config.weakEs);
    std::fflush(stdout);

    if (only == "plain" || only == "ipsec")
    {
        for (uint32_t r = 0; r < repeat; ++r)
        {
            RunOnce(config, only == "ipsec");
        }
        return 0;
    }
    std::vector<double> wallRatios;
    std::vector<double> cpuRatios;
    std::vector<double> plainRates;
    std::vector<double> ipsecRates;
    for (uint32_t r = 0; r < repeat; ++r)
    {
        // Alternate the order (plain first, then ipsec first) so drift on a noisy machine and
        // warm-up effects do not favour one side.
        RunResult plain;
        RunResult ipsec;
        if (r % 2 == 0)
        {
            plain = RunOnce(config, false);
            ipsec = RunOnce(config, true);
        }
        else
        {
            ipsec = RunOnce(config, true);
            plain = RunOnce(config, false);
        }
        wallRatios.push_back(ipsec.wallSeconds / plain.wallSeconds);
        cpuRatios.push_back(ipsec.cpuSeconds / plain.cpuSeconds);
        plainRates.push_back(config.packets / plain.wallSeconds);
        ipsecRates.push_back(config.packets / ipsec.wallSeconds);
        std::printf("pair %u/%u: ipsec/plain wall %.3f, cpu %.3f\n",
                    r + 1,
                    repeat,
                    wallRatios.back(),
                    cpuRatios.back());
        std::fflush(stdout);
    }
    std::printf(
        "median packets/wall s: plain %.0f, ipsec %.0f\n", Median(plainRates), Median(ipsecRates));
    std::printf("peak memory (maxrss) after the data-plane runs: %.1f MiB\n",
                PeakRssKib() / 1024.0);
    std::printf("median cpu-time ratio ipsec/plain = %.2f\n", Median(cpuRatios));
    if (spdPolicies > 0)
    {
        MeasureSpdScaling(spdPolicies, repeat);
    }
    if (saPairs > 0)
    {
        MeasureSaMemory(saPairs);
        std::printf("peak memory (maxrss) at exit: %.1f MiB\n", PeakRssKib() / 1024.0);
    }
    std::printf("dataplane ratio ipsec/plain = %.2f\n", Median(wallRatios));
    return 0;
}
