// The loader's steps (config-parser.cc runs them in this order) and the look-ups they share.
// Internal to the custom-config library.
#ifndef IPSECLAB_CUSTOM_PARSE_STEPS_H
#define IPSECLAB_CUSTOM_PARSE_STEPS_H

#include "custom-config.h"
#include "json-object.h"

namespace ipseclab::custom
{

void ParseNodes(const JsonObject& root, CustomConfig& c);
void ParseLinks(const JsonObject& root, CustomConfig& c);
void ParseRoutes(const JsonObject& root, CustomConfig& c);
void ParseManualSas(const JsonObject& root, CustomConfig& c);
void ParseIke(const JsonObject& root, CustomConfig& c);
void ParseNats(const JsonObject& root, CustomConfig& c);
void ParseTraffic(const JsonObject& root, CustomConfig& c);
void ParseAttackers(const JsonObject& root, CustomConfig& c);

/// The node a JSON value names (index into c.nodes).
size_t NodeRef(const CustomConfig& c, const QJsonValue& v, const std::string& path);
size_t LinkRef(const CustomConfig& c, const QJsonValue& v, const std::string& path);

/// The node's address: an IPv4 address, a link name (its address there) or, empty, its
/// address on the first link it is on (or, with a peer, on the first link shared with it).
uint32_t AddressOf(const CustomConfig& c, size_t node, const std::string& spec,
                   const std::string& path, int peer = -1);

} // namespace ipseclab::custom

#endif
