#include "json-object.h"

#include "config-values.h"
#include "custom-config.h"

#include <cmath>
#include <sstream>

namespace ipseclab::custom
{

void
Fail(const std::string& path, const std::string& what)
{
    throw ConfigError(path + ": " + what);
}

std::string
TypeName(const QJsonValue& v)
{
    switch (v.type())
    {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return "a bool";
    case QJsonValue::Double:
        return "a number";
    case QJsonValue::String:
        return "a string";
    case QJsonValue::Array:
        return "a list";
    case QJsonValue::Object:
        return "an object";
    default:
        return "nothing";
    }
}

std::string
AsString(const QJsonValue& v, const std::string& path)
{
    if (!v.isString())
    {
        Fail(path, "expected a string, got " + TypeName(v));
    }
    return v.toString().toStdString();
}

std::string
Item(const std::string& path, int i)
{
    return path + "[" + std::to_string(i) + "]";
}

JsonObject::JsonObject(const QJsonValue& v, std::string path, const KeyTable& keys)
    : m_path(std::move(path))
    , m_keys(keys)
{
    if (!v.isObject())
    {
        Fail(m_path, "expected an object, got " + TypeName(v));
    }
    m_o = v.toObject();
}

namespace
{
std::set<std::pair<std::string, std::string>>* g_observed = nullptr;
} // namespace

void
JsonObject::Observe(std::set<std::pair<std::string, std::string>>* seen)
{
    g_observed = seen;
}

void
JsonObject::Known(const std::string& key) const
{
    if (!m_keys.keys.count(key))
    {
        // The reader asked for a key its table lacks: the table (and the schema) are behind.
        throw std::logic_error("custom-config: key " + key + " missing in table " + m_keys.kind);
    }
    if (g_observed && m_o.contains(QString::fromStdString(key)))
    {
        m_read.insert(key);
        g_observed->insert({m_keys.kind, key});
    }
}

bool
JsonObject::Has(const std::string& key) const
{
    Known(key);
    const QString k = QString::fromStdString(key);
    return m_o.contains(k) && !m_o.value(k).isNull();
}

QJsonValue
JsonObject::Raw(const std::string& key) const
{
    Known(key);
    return m_o.value(QString::fromStdString(key));
}

QJsonValue
JsonObject::Need(const std::string& key) const
{
    if (!Has(key))
    {
        Fail(At(key), "missing (required)");
    }
    return Raw(key);
}

std::string
JsonObject::Str(const std::string& key, const std::string& def) const
{
    return Has(key) ? AsString(Raw(key), At(key)) : def;
}

std::string
JsonObject::NeedStr(const std::string& key) const
{
    return AsString(Need(key), At(key));
}

double
JsonObject::Num(const std::string& key, double def, double min, double max) const
{
    if (!Has(key))
    {
        return def;
    }
    const QJsonValue v = Raw(key);
    if (!v.isDouble())
    {
        Fail(At(key), "expected a number, got " + TypeName(v));
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < min || d > max)
    {
        std::ostringstream s;
        s << "value " << d << " out of range [" << min << ", " << max << "]";
        Fail(At(key), s.str());
    }
    return d;
}

uint64_t
JsonObject::Uint(const std::string& key, uint64_t def, uint64_t max) const
{
    if (!Has(key))
    {
        return def;
    }
    const double d = Num(key, 0, 0, static_cast<double>(max));
    if (d != std::floor(d))
    {
        Fail(At(key), "expected a whole number");
    }
    // max as a double may round up past max (2^52 and more): stay within it.
    return d >= static_cast<double>(max) ? max : static_cast<uint64_t>(d);
}

bool
JsonObject::Bool(const std::string& key, bool def) const
{
    if (!Has(key))
    {
        return def;
    }
    const QJsonValue v = Raw(key);
    if (!v.isBool())
    {
        Fail(At(key), "expected true/false, got " + TypeName(v));
    }
    return v.toBool();
}

QJsonArray
JsonObject::Arr(const std::string& key) const
{
    if (!Has(key))
    {
        return {};
    }
    const QJsonValue v = Raw(key);
    if (!v.isArray())
    {
        Fail(At(key), "expected a list, got " + TypeName(v));
    }
    return v.toArray();
}

std::vector<std::string>
JsonObject::Strs(const std::string& key, std::vector<std::string> def) const
{
    if (!Has(key))
    {
        return def;
    }
    const QJsonValue v = Raw(key);
    if (v.isString())
    {
        return {v.toString().toStdString()};
    }
    std::vector<std::string> out;
    const QJsonArray a = Arr(key);
    for (int i = 0; i < a.size(); ++i)
    {
        out.push_back(AsString(a[i], Item(At(key), i)));
    }
    if (out.empty())
    {
        Fail(At(key), "must not be empty");
    }
    return out;
}

double
JsonObject::Seconds(const std::string& key, double def) const
{
    return Has(key) ? ParseSeconds(Raw(key), At(key)) : def;
}

void
JsonObject::Done() const
{
    for (auto it = m_o.begin(); it != m_o.end(); ++it)
    {
        const std::string key = it.key().toStdString();
        if (!m_keys.keys.count(key))
        {
            std::string known;
            for (const auto& k : m_keys.keys)
            {
                known += (known.empty() ? "" : ", ") + k;
            }
            Fail(At(key), "unknown key (known here: " + known + ")");
        }
        if (g_observed && !m_read.count(key))
        {
            throw std::logic_error("custom-config: " + At(key) + " is in table " + m_keys.kind +
                                   " but was never read");
        }
    }
}

} // namespace ipseclab::custom
