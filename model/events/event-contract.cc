#include "event-contract.h"

#include "event-kinds.h"

#include <cstring>
#include <string_view>
#include <unordered_map>

namespace ipseclab
{

namespace
{

const event_kinds::KindSpec*
FindKind(std::string_view layer, std::string_view kind)
{
    // Built once: "layer/kind" -> its entry of the generated table.
    static const auto* const kIndex = []()
    {
        auto* index = new std::unordered_map<std::string, const event_kinds::KindSpec*>();
        for (const event_kinds::KindSpec& spec : event_kinds::kKinds)
        {
            (*index)[std::string(spec.layer) + "/" + spec.kind] = &spec;
        }
        return index;
    }();
    auto it = kIndex->find(std::string(layer) + "/" + std::string(kind));
    return it == kIndex->end() ? nullptr : it->second;
}

bool
Contains(const char* const* names, const std::string& name)
{
    for (; *names; ++names)
    {
        if (name == *names)
        {
            return true;
        }
    }
    return false;
}

} // namespace

std::string
CheckEventContract(const Event& event)
{
    const std::string what = std::string(LayerToString(event.GetLayer())) + "/" + event.GetKind();
    const event_kinds::KindSpec* spec = FindKind(LayerToString(event.GetLayer()), event.GetKind());
    if (!spec)
    {
        return what + ": a kind docs/events.schema.json does not document";
    }
    for (const EventField& field : event.GetFields())
    {
        if (!Contains(spec->allowed, field.name))
        {
            return what + ": undocumented field '" + field.name + "'";
        }
    }
    for (const char* const* name = spec->required; *name; ++name)
    {
        if (!event.Find(*name))
        {
            return what + ": required field '" + *name + "' missing";
        }
    }
    return "";
}

} // namespace ipseclab
