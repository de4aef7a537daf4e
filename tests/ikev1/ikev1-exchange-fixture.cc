// Runs two in-memory IKEv1 peers (Phase1Exchange, QuickModeExchange) and writes what they sent,
// for tshark to judge in test_ikev1_exchange_wire.py:
//   DIR/main/messages.txt        MM1..MM6, QM1..QM3 (PFS, IDci/IDcr) as "i|r HEX"
//   DIR/aggressive/messages.txt  AM1..AM3, QM1..QM3 (no PFS, no IDs)
//   DIR/*/values.txt             "name HEX" of every derived value (both sides' last)
//   DIR/*/ikev1_decryption_table the initiator cookie and phase 1 key
#include "ikev1/ikev1-key-file.h"
#include "ikev1/ikev1-phase1.h"
#include "ikev1/ikev1-quick-mode.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

using namespace ipseclab;
using namespace ipseclab::ikev1;

namespace
{

void
Record(std::map<std::string, Bytes>& values, std::vector<DerivedValue> derived)
{
    for (auto& [name, value] : derived)
    {
        std::string key = name;
        for (char& c : key)
        {
            c = (c == ' ' || c == '(' || c == ')' || c == '^') ? '_' : c;
        }
        values[key] = value;
    }
}

int
Run(const std::string& dir, bool aggressive)
{
    std::filesystem::create_directories(dir);
    Phase1Policy p1;
    p1.proposal = ParseIkeProposal("aes128-sha256-modp2048");
    p1.lifeSeconds = 28800;
    Phase1Config ci, cr;
    ci.proposals = cr.proposals = {p1};
    ci.psk = cr.psk = ToBytes("classroom secret");
    ci.localId = IdentityPayload("", 0xc0000201);
    cr.localId = IdentityPayload("", 0xc0000202);
    ci.aggressive = cr.aggressive = aggressive;
    SeededRandomSource rngI(aggressive ? 21 : 31), rngR(aggressive ? 22 : 32);
    Phase1Exchange i(Role::Initiator, ci, rngI);
    Phase1Exchange r(Role::Responder, cr, rngR);
    std::vector<std::pair<char, Bytes>> wire{{'i', i.Start()}};
    std::map<std::string, Bytes> values;
    Phase1Exchange* next = &r;
    while (!wire.back().second.empty())
    {
        wire.push_back({next == &i ? 'i' : 'r', next->Process(wire.back().second)});
        Record(values, next->TakeDerived());
        next = next == &r ? &i : &r;
    }
    wire.pop_back();
    if (!i.Established() || !r.Established())
    {
        std::cerr << "phase 1 did not complete\n";
        return 1;
    }

    Phase2Policy p2;
    p2.proposal = ParseEspProposal(aggressive ? "aes128-sha256" : "aes256-sha256-modp2048");
    p2.lifeSeconds = 3600;
    QuickConfig qi, qr;
    qi.proposals = qr.proposals = {p2};
    if (!aggressive)
    {
        qi.idci = IdPayload{id::kIpv4Subnet, 0, 0, {10, 1, 0, 0, 255, 255, 255, 0}};
        qi.idcr = IdPayload{id::kIpv4Subnet, 0, 0, {10, 2, 0, 0, 255, 255, 255, 0}};
    }
    QuickModeExchange qmI(Role::Initiator, i.Sa(), qi, rngI, 0x0a0b0c0d, 0xc1000001);
    QuickModeExchange qmR(Role::Responder, r.Sa(), qr, rngR, 0x0a0b0c0d, 0xc2000002);
    wire.push_back({'i', qmI.Start()});
    wire.push_back({'r', qmR.Process(wire.back().second)});
    wire.push_back({'i', qmI.Process(wire.back().second)});
    qmR.Process(wire.back().second);
    Record(values, qmI.TakeDerived());
    Record(values, qmR.TakeDerived());
    if (!qmI.Done() || !qmR.Done() ||
        qmI.Result().initiatorInKeymat != qmR.Result().initiatorInKeymat)
    {
        std::cerr << "Quick Mode did not complete\n";
        return 1;
    }

    std::ofstream messages(dir + "/messages.txt");
    for (const auto& [who, bytes] : wire)
    {
        messages << who << ' ' << ToHex(bytes) << '\n';
    }
    std::ofstream out(dir + "/values.txt");
    for (const auto& [name, value] : values)
    {
        out << name << ' ' << ToHex(value) << '\n';
    }
    std::string error = WriteIkev1Table(dir, {{i.Sa().initiatorCookie, i.Sa().encryptionKey}});
    if (!error.empty())
    {
        std::cerr << error << '\n';
        return 1;
    }
    return messages && out ? 0 : 1;
}

} // namespace

int
main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::cerr << "usage: ikev1-exchange-fixture DIR\n";
        return 2;
    }
    const std::string dir = argv[1];
    return Run(dir + "/main", false) || Run(dir + "/aggressive", true) ? 1 : 0;
}
