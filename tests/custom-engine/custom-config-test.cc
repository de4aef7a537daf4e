// The custom-scenario loader without a simulation: the configurations the builder writes are
// read, every key of docs/custom-scenario.schema.json is one the loader reads (and no other),
// and bad values fail naming their JSON path.
#include "config-keys.h"
#include "custom-config.h"
#include "json-object.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>

using namespace ipseclab::custom;

namespace
{

std::string
ReadFile(const std::string& relative)
{
    std::ifstream f(std::string(IPSECLAB_SOURCE_DIR) + "/" + relative, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

/// The error ParseCustomConfig gives, or "" when it accepts the text.
std::string
ErrorOf(const std::string& json)
{
    try
    {
        ParseCustomConfig(json, "t.json");
        return "";
    }
    catch (const ConfigError& e)
    {
        return e.what();
    }
}

const char* kGood = R"({"nodes": ["x", "y"],
    "links": [{"name": "l", "nodes": ["x", "y"], "subnet": "10.0.0.0/30"}],
    "ike": [{"initiator": "x", "responder": "y", "psk": "k"}], "duration": 2})";

} // namespace

TEST(CustomConfig, KeyTablesAreTheSchemasProperties)
{
    const QJsonObject defs =
        QJsonDocument::fromJson(
            QByteArray::fromStdString(ReadFile("docs/custom-scenario.schema.json")))
            .object()
            .value("$defs")
            .toObject();
    ASSERT_FALSE(defs.isEmpty());
    size_t objectDefs = 0;
    for (auto it = defs.begin(); it != defs.end(); ++it)
    {
        objectDefs += it.value().toObject().contains("properties") ? 1 : 0;
    }
    const auto tables = AllKeyTables();
    EXPECT_EQ(tables.size(), objectDefs) << "a $defs object without a loader table, or back";
    for (const KeyTable* table : tables)
    {
        const QJsonObject def = defs.value(QString::fromStdString(table->kind)).toObject();
        std::set<std::string> schemaKeys;
        for (const auto& key : def.value("properties").toObject().keys())
        {
            schemaKeys.insert(key.toStdString());
        }
        EXPECT_EQ(table->keys, schemaKeys) << table->kind;
    }
}

TEST(CustomConfig, ReadsEveryKeyOfTheSchema)
{
    // every-key.json has each key of each object kind once; the loader must read each (none
    // in a table and silently ignored), and nothing else.
    std::set<std::pair<std::string, std::string>> seen;
    JsonObject::Observe(&seen);
    const std::string error = ErrorOf(ReadFile("tests/custom-engine/every-key.json"));
    JsonObject::Observe(nullptr);
    ASSERT_EQ(error, "");
    for (const KeyTable* table : AllKeyTables())
    {
        for (const auto& key : table->keys)
        {
            EXPECT_TRUE(seen.count({table->kind, key})) << table->kind << "." << key;
        }
    }
}

TEST(CustomConfig, ReadsTheGoldenConfigurations)
{
    std::set<std::pair<std::string, std::string>> seen; // and every key they have is read
    JsonObject::Observe(&seen);
    for (const char* name : {"vpn", "manual", "road-warrior"})
    {
        const std::string file = std::string("tests/golden/custom/") + name + ".json";
        EXPECT_EQ(ErrorOf(ReadFile(file)), "") << file;
    }
    JsonObject::Observe(nullptr);
    const CustomConfig c = ParseCustomConfig(ReadFile("tests/golden/custom/vpn.json"), "vpn");
    EXPECT_EQ(c.name, "vpn");
    ASSERT_EQ(c.ike.size(), 1u);
    EXPECT_TRUE(c.ipsec[c.ike[0].initiator]);
    ASSERT_EQ(c.attackers.size(), 1u);
    EXPECT_EQ(c.attackers[0].bursts, (std::vector<double>{2.5, 3.5}));
}

TEST(CustomConfig, ComputesAddressesAndResolvesNames)
{
    const CustomConfig c = ParseCustomConfig(kGood, "t");
    ASSERT_EQ(c.links.size(), 1u);
    EXPECT_EQ(c.links[0].addresses, (std::vector<uint32_t>{0x0a000001, 0x0a000002}));
    EXPECT_EQ(c.ike[0].responderAddress, 0x0a000002u);
    EXPECT_EQ(c.ike[0].name, "conn0");
    EXPECT_EQ(c.ike[0].childName, "conn0-child");
}

TEST(CustomConfig, EveryTableRejectsAnUnknownKey)
{
    // One object of each kind with a key no table has: the error names its path.
    const std::pair<const char*, const char*> cases[] = {
        {R"({"nodes": ["x"], "colour": 1})", "$.colour: unknown key"},
        {R"({"nodes": [{"name": "x", "colour": 1}]})", "$.nodes[0].colour: unknown key"},
        {R"({"nodes": ["x", "y"], "links": [{"name": "l", "nodes": ["x", "y"],
             "subnet": "10.0.0.0/30", "colour": 1}]})",
         "$.links[0].colour: unknown key"},
        {R"({"nodes": ["x", "y"], "links": [{"name": "l", "nodes": ["x", "y"],
             "subnet": "10.0.0.0/30"}], "traffic": [{"type": "udp-stream", "from": "x",
             "to": "y", "from_virtual_ip": false}]})",
         "$.traffic[0].from_virtual_ip: unknown key"},
        {R"({"nodes": ["x", "y"], "links": [{"name": "l", "nodes": ["x", "y"],
             "subnet": "10.0.0.0/30"}], "attackers": [{"type": "tamper", "link": "l",
             "bursts": [1]}]})",
         "$.attackers[0].bursts: unknown key"},
    };
    for (const auto& [json, message] : cases)
    {
        EXPECT_NE(ErrorOf(json).find(message), std::string::npos) << json << "\n" << ErrorOf(json);
    }
}

TEST(CustomConfig, BadValuesNameTheirPath)
{
    EXPECT_NE(ErrorOf("{not json").find("t.json: not JSON at offset"), std::string::npos);
    EXPECT_NE(ErrorOf("[1]").find("$: expected an object, got a list"), std::string::npos);
    EXPECT_NE(ErrorOf(R"({"nodes": []})").find("$.nodes: at least one node"), std::string::npos);
    EXPECT_NE(ErrorOf(R"({"nodes": ["x", "y"], "links": [{"name": "l", "nodes": ["x", "y"],
                         "subnet": "10.0.0.0/30", "delay": "1 ms"}]})")
                  .find("$.links[0].delay: not a time"),
              std::string::npos);
    EXPECT_NE(ErrorOf(R"({"nodes": ["x", "y"], "links": [{"name": "l", "nodes": ["x", "y"],
                         "subnet": "10.0.0.0/30", "rate": "999bps"}]})")
                  .find("must be from 1kbps to 1000Gbps"),
              std::string::npos);
    EXPECT_NE(ErrorOf(R"({"nodes": ["x", "y"], "links": [{"name": "l", "nodes": ["x", "y"],
                         "subnet": "10.0.0.0/30", "loss": 0.1}], "attackers": [{"type":
                         "tamper", "link": "l"}]})")
                  .find("$.attackers[0]: the device already has a receive error model"),
              std::string::npos);
    EXPECT_EQ(ErrorOf(R"({"nodes": ["x", "y"], "links": [{"name": "l", "nodes": ["x", "y"],
                         "subnet": "10.0.0.0/30", "rate": "1000Gbps", "delay": "-0.1ns"}]})"),
              "");
}
