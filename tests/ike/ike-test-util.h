// Shared fixtures of the IKE wire tests: a sample message with every payload type, keys.
#ifndef IPSECLAB_TESTS_IKE_TEST_UTIL_H
#define IPSECLAB_TESTS_IKE_TEST_UTIL_H

#include "ike/ike-message.h"

namespace ipseclab
{
namespace test
{

/// One payload of every type this codec decodes, plus an unknown non-critical one.
std::vector<IkePayload> AllPayloadKinds();
/// A crypto context for a strongSwan proposal with deterministic keys.
IkeCryptoContext MakeContext(const std::string& proposal, uint8_t seed = 1);
/// The IKE_SA_INIT request from Wireshark's test/captures/ikev2-decrypt-aes128ccm12.pcap
/// (via scapy's test/contrib/ikev2.uts): 192.168.1.2:500 -> 192.168.1.14:500.
Bytes CaptureInitRequest();
Bytes CaptureInitResponse();

} // namespace test
} // namespace ipseclab

#endif
