// What a custom scenario reports after its run: stdout and custom.json.
#include "common/event-log.h"
#include "custom-builder.h"
#include "helper/ipsec-helper.h"

#include <fstream>
#include <iostream>

using namespace ns3;

namespace ipseclab::custom
{
namespace
{

std::string
IkeReport(const CustomWorld& w)
{
    std::string json;
    const char* sep = "";
    for (const auto& p : w.ikePairs)
    {
        // From the stream, per initiating node (its events, like summary.json's figures).
        const ns3::RunTally::NodeTally& t = w.tally->Of(p.initiatorDaemon->GetNode()->GetId());
        const uint64_t up = t.ikeSasEstablished;
        std::cout << "  IKE " << p.name << " " << p.initiator << " -> " << p.responder << ": "
                  << (up ? "established" : "NOT established") << ", Child SAs " << t.childSas.size()
                  << ", rekeys " << t.rekeys << "\n";
        json += sep + std::string("{\"name\":") + JsonQuote(p.name) +
                ",\"initiator\":" + JsonQuote(p.initiator) +
                ",\"responder\":" + JsonQuote(p.responder) +
                ",\"established\":" + std::to_string(up) + "}";
        sep = ",";
    }
    return json;
}

std::string
FlowReport(const CustomWorld& w)
{
    std::string json;
    const char* sep = "";
    for (const auto& f : w.flows)
    {
        const uint32_t sent = f.client ? f.client->Sent() : f.sent;
        const uint32_t received = f.client ? f.client->Replies() : f.received;
        std::cout << "  " << f.name << ": " << received << "/" << sent
                  << (f.client ? " answered" : " received");
        if (f.client && f.client->LocalAddress() != Ipv4Address::GetAny())
        {
            std::cout << " (from " << f.client->LocalAddress() << ")";
        }
        std::cout << "\n";
        json += sep + std::string("{\"name\":") + JsonQuote(f.name) +
                ",\"type\":" + JsonQuote(f.type) + ",\"from\":" + JsonQuote(f.from) +
                ",\"to\":" + JsonQuote(f.to) + ",\"sent\":" + std::to_string(sent) +
                ",\"received\":" + std::to_string(received) + "}";
        sep = ",";
    }
    return json;
}

std::string
AttackerReport(const CustomWorld& w, const std::string& out)
{
    std::string json;
    const char* sep = "";
    for (const auto& a : w.attackers)
    {
        json +=
            sep + std::string("{\"type\":") + JsonQuote(a.type) + ",\"link\":" + JsonQuote(a.link);
        std::cout << "  attacker " << a.type << " on " << a.link << ": ";
        if (a.replay)
        {
            std::cout << "recorded " << a.replay->GetCapturedCount() << ", replayed "
                      << a.replay->GetReplayedCount() << "\n";
            json += ",\"captured\":" + std::to_string(a.replay->GetCapturedCount()) +
                    ",\"replayed\":" + std::to_string(a.replay->GetReplayedCount());
        }
        else if (a.tamper)
        {
            std::cout << "changed " << a.tamper->GetTamperedCount() << " datagrams\n";
            json += ",\"tampered\":" + std::to_string(a.tamper->GetTamperedCount());
        }
        else if (a.forger)
        {
            std::cout << "forged " << a.forger->GetForgedCount() << " IKE messages\n";
            json += ",\"forged\":" + std::to_string(a.forger->GetForgedCount());
        }
        else if (a.eavesdropper)
        {
            const std::string file = "eavesdropper-" + a.link + ".json";
            a.eavesdropper->WriteJson(out + "/" + file, a.secrets);
            uint32_t seen = 0;
            for (const auto& secret : a.secrets)
            {
                seen += a.eavesdropper->Saw(secret) ? 1 : 0;
            }
            std::cout << a.eavesdropper->GetFrameCount() << " frames, " << seen << "/"
                      << a.secrets.size() << " secrets seen (" << file << ")\n";
            json += ",\"frames\":" + std::to_string(a.eavesdropper->GetFrameCount()) +
                    ",\"secrets_seen\":" + std::to_string(seen);
        }
        json += "}";
        sep = ",";
    }
    return json;
}

std::string
NatReport(const CustomWorld& w)
{
    std::string json;
    const char* sep = "";
    for (const auto& [name, router] : w.nats)
    {
        json += sep + std::string("{\"node\":") + JsonQuote(name) +
                ",\"mappings_created\":" + std::to_string(router->GetCounters().mappingsCreated) +
                "}";
        sep = ",";
    }
    return json;
}

void
PrintIpsecCounters(const CustomWorld& w)
{
    for (size_t n = 0; n < w.nodes.size(); ++n)
    {
        Ptr<IpsecStack> stack = IpsecHelper::GetStack(w.nodes[n]);
        if (!stack)
        {
            continue;
        }
        std::cout << "  " << w.config.nodes[n] << ": IPsec protected " << stack->GetProtectedCount()
                  << ", unprotected " << stack->GetUnprotectedCount();
        for (size_t r = 0; r < ipseclab::kDropReasonCount; ++r)
        {
            if (stack->GetDrops()[r])
            {
                std::cout << ", dropped "
                          << ipseclab::ToString(static_cast<ipseclab::DropReason>(r)) << " "
                          << stack->GetDrops()[r];
            }
        }
        std::cout << "\n";
    }
}

} // namespace

void
Report(const CustomWorld& w, const std::string& out)
{
    std::cout << w.config.name << " (custom scenario): " << w.config.duration << " s simulated\n";
    std::string json = "{\"scenario\":" + JsonQuote(w.config.name) + ",\"ike\":[";
    json += IkeReport(w);
    json += "],\"flows\":[" + FlowReport(w);
    json += "],\"attackers\":[" + AttackerReport(w, out);
    json += "],\"nats\":[" + NatReport(w) + "]}\n";
    PrintIpsecCounters(w);
    std::ofstream(out + "/custom.json") << json;
}

} // namespace ipseclab::custom
