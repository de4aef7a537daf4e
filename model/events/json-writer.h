/*
 * The JSON Lines form of events (docs/events.md). Output depends only on the events: no locale,
 * no floating-point noise, so identical runs give byte-identical files.
 */
#ifndef IPSECLAB_JSON_WRITER_H
#define IPSECLAB_JSON_WRITER_H

#include "event.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ipseclab
{

/**
 * Appends a JSON string literal (with quotes). Valid UTF-8 passes through unchanged; '"', '\\'
 * and control characters are escaped; bytes that are not valid UTF-8 become \ufffd, so the
 * output is always valid UTF-8 JSON.
 */
void AppendJsonString(std::string& out, const std::string& value);
/** Nanoseconds as seconds with exactly 9 decimals: 1500000000 -> "1.500000000". */
std::string FormatSeconds(int64_t nanoseconds);
/** Shortest round-trip decimal in fixed notation, always with a '.'; NaN/inf -> "null". */
std::string FormatDouble(double value);
/** Appends a value as JSON. */
void AppendJsonValue(std::string& out, const EventValue& value);
/** One event as one JSON object, without the newline. Envelope order: v, seq, t, node,
 *  node_name, layer, kind; then the fields in insertion order. */
std::string ToJsonLine(const Event& event);

/** Writes events to a stream, one JSON object per line. */
class JsonLinesWriter
{
  public:
    explicit JsonLinesWriter(std::ostream& out);
    /** Writes the event (its seq and time as stamped) and a '\n'. */
    void Write(const Event& event);
    /** Writes a line already formatted by ToJsonLine. */
    void WriteLine(const std::string& line);

  private:
    std::ostream& m_out;
};

} // namespace ipseclab

#endif /* IPSECLAB_JSON_WRITER_H */
