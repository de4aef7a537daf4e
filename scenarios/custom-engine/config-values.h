// The values of a custom-scenario configuration that are more than a JSON type: times, data
// rates, addresses, prefixes and names. Each error names the JSON path.
#ifndef IPSECLAB_CUSTOM_CONFIG_VALUES_H
#define IPSECLAB_CUSTOM_CONFIG_VALUES_H

#include "sa/ipv4-prefix.h"

#include <QJsonValue>
#include <cstdint>
#include <string>

namespace ipseclab::custom
{

/// A time: a number of seconds, or "10ms", "1.5s", "200us" (min, ms, us, ns, s, h, d) without
/// spaces, from 0 to kMaxSeconds. Returns seconds, to be given to ns-3's Seconds().
double ParseSeconds(const QJsonValue& v, const std::string& path);

/// An ns-3 data rate ("100Mbps"), from 1kbps to 1000Gbps; returns the text.
std::string ParseRate(const std::string& text, const std::string& path);

/// A dotted quad, host order.
uint32_t ParseAddress(const std::string& text, const std::string& path);

Ipv4Prefix ParsePrefix(const std::string& text, const std::string& path);

/// Node and link names become pcap file names and appear in events: letters, digits, _ . -
/// (up to 64, not starting with a digit, '.' or '-').
bool IsName(const std::string& name);

} // namespace ipseclab::custom

#endif
