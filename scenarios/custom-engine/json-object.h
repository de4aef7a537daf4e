// One JSON object of a custom-scenario configuration being read: typed getters with defaults,
// each error naming the JSON path. Every object kind has its key table (config-keys.h); a key
// outside it is an error (a typo is never a silently ignored setting).
#ifndef IPSECLAB_CUSTOM_JSON_OBJECT_H
#define IPSECLAB_CUSTOM_JSON_OBJECT_H

#include "config-keys.h"
#include "util/limits.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ipseclab::custom
{

/// "a number", "a list", ...: what a value is, for messages.
std::string TypeName(const QJsonValue& v);

/// The string v is, or an error naming path.
std::string AsString(const QJsonValue& v, const std::string& path);

/// path + "[i]"
std::string Item(const std::string& path, int i);

class JsonObject
{
  public:
    /// @throws ConfigError when v is not an object.
    JsonObject(const QJsonValue& v, std::string path, const KeyTable& keys);

    const std::string& Path() const { return m_path; }
    std::string At(const std::string& key) const { return m_path + "." + key; }
    /// Present and not null.
    bool Has(const std::string& key) const;
    QJsonValue Raw(const std::string& key) const;
    QJsonValue Need(const std::string& key) const;
    std::string Str(const std::string& key, const std::string& def = "") const;
    std::string NeedStr(const std::string& key) const;
    /// Times in seconds, rates, counts: none is negative or beyond kMaxSeconds unless the
    /// caller says so.
    double Num(const std::string& key, double def, double min = 0,
               double max = ipseclab::kMaxSeconds) const;
    uint64_t Uint(const std::string& key, uint64_t def, uint64_t max = 0xffffffffu) const;
    bool Bool(const std::string& key, bool def) const;
    QJsonArray Arr(const std::string& key) const;
    /// A string or a non-empty list of strings.
    std::vector<std::string> Strs(const std::string& key, std::vector<std::string> def) const;
    /// A time (config-values.h) in seconds.
    double Seconds(const std::string& key, double def) const;
    /// Fails on the first key outside the table.
    void Done() const;

    /// For tests: from now on every key present and read is added to seen as (kind, key),
    /// and Done() also fails on a key present but never read (in the table, yet ignored).
    /// nullptr: off.
    static void Observe(std::set<std::pair<std::string, std::string>>* seen);

  private:
    void Known(const std::string& key) const;

    QJsonObject m_o;
    std::string m_path;
    const KeyTable& m_keys;
    mutable std::set<std::string> m_read;
};

} // namespace ipseclab::custom

#endif
