// Writes a sample event stream (one event of each documented kind) and key files into a
// directory, through EventStream in a small ns-3 simulation. test_schema.py validates the output.
#include "events/event-stream.h"
#include "events/key-export.h"

#include <ns3/names.h>
#include <ns3/node.h>
#include <ns3/simulator.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace ns3;
using ipseclab::Event;
using ipseclab::EventValue;
using ipseclab::Layer;

namespace
{

std::vector<uint8_t>
Bytes(uint8_t first, std::size_t length)
{
    std::vector<uint8_t> bytes(length);
    for (std::size_t i = 0; i < length; ++i)
    {
        bytes[i] = static_cast<uint8_t>(first + 7 * i);
    }
    return bytes;
}

EventValue
Window(uint64_t top, const std::string& bitmap)
{
    return EventValue::Object()
        .Set("window_top", top)
        .Set("window_size", static_cast<uint32_t>(bitmap.size()))
        .Set("bitmap", bitmap);
}

EventValue
Flow()
{
    return EventValue::Object()
        .Set("src", "10.1.0.1")
        .Set("dst", "10.2.0.1")
        .Set("protocol", 17)
        .Set("src_port", 49153)
        .Set("dst_port", 9);
}

void
EmitIke(uint32_t a)
{
    std::string spiI = "0123456789abcdef";
    std::string spiR = "fedcba9876543210";
    EventStream::Emit(Event(a, Layer::Ike, "message-sent")
                          .Add("exchange", "IKE_SA_INIT")
                          .Add("message_id", 0u)
                          .Add("initiator", true)
                          .Add("response", false)
                          .Add("spi_i", spiI)
                          .Add("spi_r", "0000000000000000")
                          .Add("payloads", std::vector<std::string>{"SA", "KE", "Ni"})
                          .Add("summary", "IKE_SA_INIT request 0 [ SA KE No ]")
                          .Add("length", 312u)
                          .AddHex("bytes", Bytes(1, 28))
                          .Add("peer", "192.0.2.2"));
    EventStream::Emit(Event(a, Layer::Ike, "message-received")
                          .Add("exchange", "IKE_SA_INIT")
                          .Add("message_id", 0u)
                          .Add("initiator", false)
                          .Add("response", true)
                          .Add("spi_i", spiI)
                          .Add("spi_r", spiR)
                          .Add("payloads", std::vector<std::string>{"SA", "KE", "Nr"})
                          .Add("summary", "IKE_SA_INIT response 0 [ SA KE No ]")
                          .Add("length", 312u)
                          .AddHex("bytes", Bytes(2, 28))
                          .Add("peer", "192.0.2.2"));
    EventStream::Emit(Event(a, Layer::Ike, "key-derived")
                          .Add("name", "SK_ei")
                          .AddHex("value", Bytes(9, 16))
                          .Add("spi_i", spiI)
                          .Add("spi_r", spiR));
    EventStream::Emit(Event(a, Layer::Ike, "sa-established")
                          .Add("connection", "site-a")
                          .Add("spi_i", spiI)
                          .Add("spi_r", spiR)
                          .Add("initiator", true)
                          .Add("peer", "192.0.2.2")
                          .Add("peer_id", "ID_FQDN gw-b.example")
                          .Add("proposal", "aes256gcm16-prfsha256-ecp256")
                          .Add("setup_time_s", 0.04)
                          .Add("rekey", false)
                          .Add("note", "IKE SA up"));
    EventStream::Emit(Event(a, Layer::Ike, "child-sa-installed")
                          .Add("spi_in", 0x2002u)
                          .Add("spi_out", 0x1001u)
                          .Add("protocol", "esp")
                          .Add("mode", "tunnel")
                          .Add("proposal", "aes128gcm16")
                          .Add("ts", "10.1.0.0/24[any] -> 10.2.0.0/24[any] any")
                          .Add("pfs", false)
                          .Add("rekey_of", 0u)
                          .Add("udp_encap", false)
                          .Add("spi_i", spiI)
                          .Add("spi_r", spiR)
                          .Add("note", "Child SA installed"));
    EventStream::Emit(Event(a, Layer::Ike, "rekey-start")
                          .Add("what", "child")
                          .Add("spi", 0x1001u)
                          .Add("spi_i", spiI)
                          .Add("spi_r", spiR));
    EventStream::Emit(Event(a, Layer::Ike, "rekey-done")
                          .Add("what", "child")
                          .Add("old_spi", 0x1001u)
                          .Add("new_spi", 0x1003u)
                          .Add("spi_i", spiI)
                          .Add("spi_r", spiR));
    EventStream::Emit(Event(a, Layer::Ike, "collision")
                          .Add("what", "ike")
                          .Add("note", "answered TEMPORARY_FAILURE"));
    EventStream::Emit(Event(a, Layer::Ike, "retransmit")
                          .Add("exchange", "IKE_AUTH")
                          .Add("message_id", 1u)
                          .Add("attempt", 2u)
                          .Add("timeout_s", 4.0)
                          .Add("spi_i", spiI)
                          .Add("spi_r", spiR));
    EventStream::Emit(Event(a, Layer::Ike, "delete")
                          .Add("what", "ike")
                          .Add("reason", "the peer deleted it")
                          .Add("spi_i", spiI)
                          .Add("spi_r", spiR));
}

void
EmitDataPlane(uint32_t a, uint32_t b)
{
    EventStream::Emit(Event(a, Layer::Spd, "policy-add")
                          .Add("policy", 1u)
                          .Add("direction", "outbound")
                          .Add("action", "protect")
                          .Add("selector", "10.1.0.0/24 <-> 10.2.0.0/24 proto any")
                          .Add("policy_name", "site-to-site")
                          .Add("text", "out protect esp tunnel reqid 1"));
    EventStream::Emit(
        Event(a, Layer::Spd, "acquire").Add("policy", 1u).Add("reqid", 1u).Add("flow", Flow()));
    EventStream::Emit(Event(a, Layer::Sad, "sequence-overflow")
                          .Add("spi", 0x1001u)
                          .Add("sa", "gwA>gwB esp 0x00001001"));
    EventStream::Emit(Event(a, Layer::Nat, "map")
                          .Add("protocol", 17u)
                          .Add("inside_address", "192.168.1.2")
                          .Add("inside_port", 500u)
                          .Add("public_address", "198.51.100.1")
                          .Add("public_port", 49152u));
    EventStream::Emit(Event(a, Layer::Nat, "translate")
                          .Add("direction", "outbound")
                          .Add("protocol", 17u)
                          .Add("src", "192.168.1.2")
                          .Add("dst", "198.51.100.2")
                          .Add("src_port", 500u)
                          .Add("dst_port", 500u)
                          .Add("new_src", "198.51.100.1")
                          .Add("new_dst", "198.51.100.2")
                          .Add("new_src_port", 49152u)
                          .Add("new_dst_port", 500u));
    EventStream::Emit(Event(a, Layer::Nat, "drop")
                          .Add("reason", "no-mapping")
                          .Add("protocol", 50u)
                          .Add("src", "198.51.100.2")
                          .Add("dst", "198.51.100.1"));
    EventStream::Emit(Event(a, Layer::Nat, "expire")
                          .Add("protocol", 50u)
                          .Add("inside_address", "192.168.1.2")
                          .Add("public_address", "198.51.100.1")
                          .Add("remote", "198.51.100.2")
                          .Add("packets_out", 3u)
                          .Add("packets_in", 2u)
                          .Add("idle_s", 60.0));
    EventStream::Emit(Event(Layer::Attacker, "tamper")
                          .Add("protocol", 50u)
                          .Add("offset", -1)
                          .Add("before", 0x12u)
                          .Add("after", 0x13u)
                          .Add("count", 1u));
    EventStream::Emit(Event(Layer::Attacker, "capture")
                          .Add("protocol", 50u)
                          .Add("spi", 0x1001u)
                          .Add("sn", 1u)
                          .Add("length", 120u)
                          .Add("count", 1u));
    EventStream::Emit(Event(Layer::Attacker, "replay")
                          .Add("protocol", 50u)
                          .Add("spi", 0x1001u)
                          .Add("sn", 1u)
                          .Add("length", 120u)
                          .Add("count", 1u)
                          .Add("burst", 1u));
    EventStream::Emit(Event(Layer::Attacker, "forge")
                          .Add("what", "INFORMATIONAL DELETE")
                          .Add("src", "192.0.2.1")
                          .Add("dst", "192.0.2.2")
                          .AddHex("bytes", std::vector<uint8_t>{0x2a, 0x20, 0x25, 0x08})
                          .Add("count", 1u));
    EventStream::Emit(Event(Layer::Attacker, "hostile")
                          .Add("what", "ESP sequence number 0")
                          .Add("expect", "too-old")
                          .AddHex("bytes", std::vector<uint8_t>{0x45, 0x00, 0x00, 0x14}));
    EventStream::Emit(Event(Layer::Attacker, "flood-start")
                          .Add("what", "IKE_SA_INIT flood")
                          .Add("dst", "192.0.2.2")
                          .Add("count", 1000u));
    EventStream::Emit(Event(Layer::Attacker, "flood-end")
                          .Add("what", "IKE_SA_INIT flood")
                          .Add("dst", "192.0.2.2")
                          .Add("count", 1000u));
    EventStream::Emit(Event(a, Layer::Ike, "message-dropped")
                          .Add("reason", "unprotected")
                          .Add("exchange", "INFORMATIONAL")
                          .Add("message_id", 2u)
                          .Add("response", false)
                          .Add("spi_i", "0123456789abcdef")
                          .Add("spi_r", "fedcba9876543210")
                          .Add("peer", "192.0.2.1")
                          .Add("peer_port", 500u)
                          .Add("detail", "no SK payload after IKE_SA_INIT"));
    EventStream::Emit(Event(a, Layer::Ike, "delete-ignored")
                          .Add("spis", std::vector<std::string>{"deadbeef"})
                          .Add("note", "no Child SA of this IKE SA has these SPIs")
                          .Add("spi_i", "0123456789abcdef")
                          .Add("spi_r", "fedcba9876543210"));
    EventStream::Emit(Event(a, Layer::Ike, "cookie")
                          .Add("half_open", 30u)
                          .Add("threshold", 30u)
                          .Add("returned", false)
                          .Add("peer", "198.18.0.1")
                          .AddHex("cookie", std::vector<uint8_t>{0x00, 0x01, 0x02, 0x03}));
    EventStream::Emit(Event(a, Layer::Spd, "match")
                          .Add("policy", 1u)
                          .Add("policy_name", "site-to-site")
                          .Add("action", "protect")
                          .Add("direction", "outbound")
                          .Add("flow", Flow())
                          .Add("spi", 0x1001u));
    EventStream::Emit(Event(a, Layer::Esp, "encap")
                          .Add("sa", "gwA>gwB esp 0x00001001")
                          .Add("spi", 0x1001u)
                          .Add("sn", 1u)
                          .Add("mode", "tunnel")
                          .Add("next_header", 4u)
                          .AddHex("plaintext", Bytes(0x45, 28))
                          .Add("pad_length", 2u)
                          .AddHex("iv", Bytes(0x10, 8))
                          .AddHex("aad", Bytes(0, 8))
                          .AddHex("ciphertext", Bytes(0x80, 32))
                          .AddHex("icv", Bytes(0xa0, 16))
                          .Add("src", "192.0.2.1")
                          .Add("dst", "192.0.2.2"));
    EventStream::Emit(Event(b, Layer::Replay, "check")
                          .Add("spi", 0x1001u)
                          .Add("sn", 1u)
                          .Add("verdict", "pass")
                          .Add("before", Window(0, "0000")));
    EventStream::Emit(Event(b, Layer::Esp, "decap")
                          .Add("spi", 0x1001u)
                          .Add("sn", 1u)
                          .Add("icv_ok", true)
                          .Add("mode", "tunnel")
                          .Add("next_header", 4u)
                          .AddHex("plaintext", Bytes(0x45, 28)));
    EventStream::Emit(Event(b, Layer::Replay, "update")
                          .Add("spi", 0x1001u)
                          .Add("sn", 1u)
                          .Add("before", Window(0, "0000"))
                          .Add("after", Window(1, "1000")));
    EventStream::Emit(Event(b, Layer::Replay, "check")
                          .Add("spi", 0x1001u)
                          .Add("sn", 1u)
                          .Add("verdict", "replayed")
                          .Add("before", Window(1, "1000")));
    EventStream::Emit(Event(b, Layer::Esp, "drop")
                          .Add("reason", "replayed")
                          .Add("spi", 0x1001u)
                          .Add("sn", 1u)
                          .AddHex("bytes", Bytes(0, 16))
                          .Add("detail", "sequence number 1 already received"));
    EventStream::Emit(Event(a, Layer::Ah, "encap")
                          .Add("spi", 0x3003u)
                          .Add("sn", 1u)
                          .Add("mode", "transport")
                          .Add("next_header", 17u)
                          .AddHex("icv_input", Bytes(0x45, 40))
                          .AddHex("icv_full", Bytes(0x33, 32))
                          .AddHex("icv", Bytes(0x33, 16)));
    EventStream::Emit(Event(b, Layer::Ah, "decap")
                          .Add("spi", 0x3003u)
                          .Add("sn", 1u)
                          .Add("icv_ok", false)
                          .AddHex("icv_input", Bytes(0x45, 40))
                          .AddHex("icv_full", Bytes(0x34, 32))
                          .AddHex("icv", Bytes(0x33, 16))
                          .AddHex("icv_computed", Bytes(0x34, 16)));
    EventStream::Emit(Event(b, Layer::Ah, "drop").Add("reason", "icv-failure").Add("spi", 0x3003u));
    EventStream::Emit(Event(b, Layer::Spd, "drop")
                          .Add("reason", "policy-violation")
                          .Add("flow", Flow())
                          .Add("policy", 1u));
}

void
EmitSad(uint32_t a)
{
    EventValue algorithms =
        EventValue::Object().Set("encryption", "aes-cbc-128").Set("integrity", "hmac-sha256-128");
    EventValue lifetimes = EventValue::Object()
                               .Set("soft_seconds", 270.0)
                               .Set("hard_seconds", 300.0)
                               .Set("soft_bytes", uint64_t{900000})
                               .Set("hard_bytes", uint64_t{1000000});
    EventStream::Emit(Event(a, Layer::Sad, "install")
                          .Add("spi", 0x1001u)
                          .Add("direction", "outbound")
                          .Add("protocol", "esp")
                          .Add("mode", "tunnel")
                          .Add("algorithms", algorithms)
                          .Add("lifetimes", lifetimes)
                          .Add("src", "192.0.2.1")
                          .Add("dst", "192.0.2.2")
                          .Add("esn", false)
                          .AddHex("encryption_key", Bytes(1, 16))
                          .AddHex("integrity_key", Bytes(2, 32)));
    EventStream::Emit(Event(a, Layer::Sad, "expire-soft")
                          .Add("spi", 0x1001u)
                          .Add("direction", "outbound")
                          .Add("protocol", "esp")
                          .Add("limit", "seconds"));
    EventStream::Emit(Event(a, Layer::Sad, "expire-hard")
                          .Add("spi", 0x1001u)
                          .Add("direction", "outbound")
                          .Add("protocol", "esp")
                          .Add("limit", "bytes"));
    EventStream::Emit(Event(a, Layer::Sad, "delete")
                          .Add("spi", 0x1001u)
                          .Add("direction", "outbound")
                          .Add("protocol", "esp")
                          .Add("reason", "rekeyed"));
}

void
EmitStep(uint32_t number, const std::string& title, const std::string& text)
{
    EventStream::Emit(
        Event(Layer::Scenario, "step").Add("number", number).Add("title", title).Add("text", text));
}

} // namespace

int
main(int argc, char* argv[])
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    std::string dir = argv[1];
    Ptr<Node> gwA = CreateObject<Node>();
    Ptr<Node> gwB = CreateObject<Node>();
    Names::Add("gwA", gwA);
    Names::Add("gwB", gwB);

    Ptr<EventStream> stream = EventStream::Default();
    if (!stream->Open(dir + "/events.jsonl"))
    {
        std::fprintf(stderr, "cannot write %s/events.jsonl\n", dir.c_str());
        return 1;
    }
    EmitStep(1, "IKE", "gwA and gwB negotiate \"site-to-site\" \xe2\x80\x94 keys derived.\n");
    Simulator::Schedule(MilliSeconds(10), &EmitIke, gwA->GetId());
    Simulator::Schedule(MilliSeconds(20), &EmitSad, gwA->GetId());
    Simulator::Schedule(Seconds(1), &EmitStep, 2u, "Data", "A protected packet, then a replay.");
    Simulator::Schedule(Seconds(1) + NanoSeconds(1), &EmitDataPlane, gwA->GetId(), gwB->GetId());
    Simulator::Run();
    Simulator::Destroy();

    Ptr<KeyExport> keys = KeyExport::Default();
    ipseclab::EspSaKey gcm;
    gcm.spi = 0x1001;
    gcm.encryptionAlgorithm = "AES-GCM with 16 octet ICV [RFC4106]";
    gcm.encryptionKey = Bytes(1, 20);
    keys->AddEspSa(gcm);
    ipseclab::EspSaKey cbc;
    cbc.src = "192.0.2.2";
    cbc.dst = "192.0.2.1";
    cbc.spi = 0x2002;
    cbc.encryptionAlgorithm = "AES-CBC [RFC3602]";
    cbc.encryptionKey = Bytes(3, 16);
    cbc.authenticationAlgorithm = "HMAC-SHA-256-128 [RFC4868]";
    cbc.authenticationKey = Bytes(4, 32);
    keys->AddEspSa(cbc);
    keys->AddEspSa(gcm);
    ipseclab::Ikev2SaKey ike;
    ike.spiI = 0x0123456789abcdefULL;
    ike.spiR = 0xfedcba9876543210ULL;
    ike.skEi = Bytes(5, 16);
    ike.skEr = Bytes(6, 16);
    ike.encryptionAlgorithm = "AES-CBC-128 [RFC3602]";
    ike.skAi = Bytes(7, 32);
    ike.skAr = Bytes(8, 32);
    ike.integrityAlgorithm = "HMAC_SHA2_256_128 [RFC4868]";
    keys->AddIkev2Sa(ike);
    return keys->WriteTo(dir) ? 0 : 1;
}
