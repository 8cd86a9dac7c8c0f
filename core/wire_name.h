// Names as region-dns's DNS library (miekg/dns v1.1.25, vendored by Cloudpods v3.10.x and
// later releases alike) sees them: the text form a query name reaches the SQL in, and
// whether a name can be written into a DNS message at all. Every region-dns release looks
// names up as CoreDNS's request.Name() gives them: lower case, in miekg's escaped
// presentation form, so a label byte among  space " ' ( ) ; @ \  reaches the database as
// "\ ", "\@", ... and a byte outside 0x21-0x7e as "\DDD". A stored name holding such a byte
// is matched by no query; a CNAME target holding one is looked up in its escaped form.
//
//   ServerQueryName("My Host.example.com")   // "my\ host.example.com": what the SQL compares
//   ServerLookupName("web\\.x.example.com.") // "web\.x.example.com": a CNAME target chased
//   IsQueryableName("web!01.example.com")    // true: a client can ask for it, it matches
//   IsPackableName("a..b.example.com")       // false: the answer cannot be sent
//
// Thread-safety: free functions over values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/dns_name.h"

namespace cpdns {

// request.Name() minus its trailing dot for a question whose labels are the '.'-separated
// parts of `wire_name`, byte for byte (how the verifier spells a probe): each byte escaped
// as UnpackDomainName and sprintName escape it, then lower-cased. One trailing dot of the
// input is dropped; "" and "." give "".
[[nodiscard]] std::string ServerQueryName(std::string_view wire_name);

// request.Name() minus its trailing dot for a question built from presentation text, as
// CoreDNS builds the question of a CNAME chase from a record's value
// (state.NewWithQuestion(target)): escapes (\X, \DDD) are read, "\." stays an escaped dot,
// the bytes are escaped again as sprintName does, then lower-cased.
[[nodiscard]] std::string ServerLookupName(std::string_view presentation);

// True when some query a client can send arrives as exactly `name` (lower case, no trailing
// dot): every label 1-63 bytes, at most 253 bytes in all, and no byte that the server
// escapes. Such a stored name is answered; any other never is.
[[nodiscard]] bool IsQueryableName(std::string_view name);
// Why no query arrives as `name`: kEmpty, kNameTooLong, kEmptyLabel, kLabelTooLong, or
// kInvalidCharacter (a byte the server escapes); nullopt when one does.
[[nodiscard]] std::optional<NameError> UnqueryableReason(std::string_view name);

// The name a verifier probes for a legacy row named `row_name`: trailing spaces removed
// (the name columns compare with PAD SPACE, so a query without them matches the row), then
// lower case without one trailing dot, as NormalizeQueryName gives it.
[[nodiscard]] std::string LegacyProbeName(std::string_view row_name);

// True when presentation text (one trailing dot optional) packs into a DNS message as
// miekg/dns packDomainName packs it: no empty label (a leading dot, ".."), labels of at most
// 63 bytes once escapes are read, and at most 255 bytes on the wire. The root ("" or ".")
// packs. An answer holding a name that does not pack is never sent: the server writes no
// reply and the client times out.
[[nodiscard]] bool IsPackableName(std::string_view presentation);

}  // namespace cpdns
