#include "core/uuid.h"

#include <uuid/uuid.h>

#include <cstring>
#include <initializer_list>

namespace cpdns {
namespace {

constexpr std::size_t kTextLength = 36;

// Netstring-style fields, "<length>:<bytes>,": a field's length is read before its bytes,
// so no choice of bytes can shift a boundary and ("ab", "c") never encodes like ("a", "bc").
std::string EncodeName(std::initializer_list<std::string_view> fields) {
  std::string out;
  for (std::string_view field : fields) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += ',';
  }
  return out;
}

}  // namespace

std::optional<Uuid> Uuid::Parse(std::string_view text) {
  if (text.size() != kTextLength) return std::nullopt;
  uuid_t parsed;
  if (uuid_parse_range(text.data(), text.data() + text.size(), parsed) != 0) return std::nullopt;
  Bytes bytes;
  std::memcpy(bytes.data(), parsed, bytes.size());
  return Uuid(bytes);
}

Uuid Uuid::V5(const Uuid& name_space, std::string_view name) {
  uuid_t ns;
  std::memcpy(ns, name_space.bytes_.data(), sizeof(ns));
  uuid_t out;
  uuid_generate_sha1(out, ns, name.data(), name.size());
  Bytes bytes;
  std::memcpy(bytes.data(), out, bytes.size());
  return Uuid(bytes);
}

std::string Uuid::ToString() const {
  uuid_t in;
  std::memcpy(in, bytes_.data(), sizeof(in));
  char text[kTextLength + 1];
  uuid_unparse_lower(in, text);
  return std::string(text, kTextLength);
}

std::string RandomUuid() {
  uuid_t u;
  uuid_generate_random(u);
  char text[kTextLength + 1];
  uuid_unparse_lower(u, text);
  return std::string(text, kTextLength);
}

// The first field names the kind of row, so a record and a zone never share an id.
std::string RecordId(std::string_view legacy_row_id, std::size_t value_position) {
  return Uuid::V5(kProjectNamespace,
                  EncodeName({"record", legacy_row_id, std::to_string(value_position)}))
      .ToString();
}

std::string IntermediateRecordId(std::string_view recordset_id) {
  return Uuid::V5(kProjectNamespace, EncodeName({"intermediate-record", recordset_id})).ToString();
}

std::string ZoneId(std::string_view zone_name, std::string_view domain_id,
                   std::string_view tenant_id, bool is_public, std::string_view public_scope) {
  return Uuid::V5(kProjectNamespace, EncodeName({"zone", zone_name, domain_id, tenant_id,
                                                 is_public ? "1" : "0", public_scope}))
      .ToString();
}

}  // namespace cpdns
