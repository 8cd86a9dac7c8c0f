// Deterministic ids for the rows the migrator writes: name-based UUIDs of version 5
// (RFC 9562, SHA-1), so that running the migration twice yields the same ids and a rerun
// can recognise its own rows. Uuid is a 16-byte value; RecordId and ZoneId derive the id
// texts Cloudpods stores, from inputs encoded so that distinct inputs never share a name.
//
//   std::string zone = ZoneId("example.com", "default", "tenant-1", false, "system");
//   std::string record = RecordId(legacy_row.id, 0);  // first value of that legacy row
//   std::string moved = IntermediateRecordId(recordset.id);  // a dns_recordsets_tbl row
//   Uuid::V5(kDnsNamespace, "www.example.com").ToString();  // "2ed6657d-e927-568b-..."
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cpdns {

class Uuid {
 public:
  using Bytes = std::array<std::uint8_t, 16>;

  constexpr explicit Uuid(const Bytes& bytes) : bytes_(bytes) {}

  // The 36-character hyphenated form, in either case.
  [[nodiscard]] static std::optional<Uuid> Parse(std::string_view text);
  // The version 5 UUID of `name` within `name_space`; `name` may hold any bytes.
  [[nodiscard]] static Uuid V5(const Uuid& name_space, std::string_view name);

  // Lower case canonical text: xxxxxxxx-xxxx-Mxxx-Nxxx-xxxxxxxxxxxx.
  [[nodiscard]] std::string ToString() const;

  constexpr const Bytes& bytes() const { return bytes_; }
  constexpr int version() const { return bytes_[6] >> 4; }

  friend constexpr bool operator==(const Uuid&, const Uuid&) = default;

 private:
  Bytes bytes_;
};

// 6ba7b810-9dad-11d1-80b4-00c04fd430c8, the RFC 9562 namespace for DNS names.
inline constexpr Uuid kDnsNamespace{Uuid::Bytes{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                                0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}};

// 2734394f-96b8-5fab-a019-49a07867b7eb = V5(kDnsNamespace, "cloudpods-dns-migrate"): the
// namespace of every id this project derives. Changing it changes every id ever written.
inline constexpr Uuid kProjectNamespace{Uuid::Bytes{0x27, 0x34, 0x39, 0x4f, 0x96, 0xb8, 0x5f, 0xab,
                                                    0xa0, 0x19, 0x49, 0xa0, 0x78, 0x67, 0xb7,
                                                    0xeb}};

// A random (version 4) UUID as text: the id of something that is not derived, such as a
// migration run.
[[nodiscard]] std::string RandomUuid();

// The id of the record made from the value at `value_position` (0-based) of the legacy
// row with id `legacy_row_id`.
[[nodiscard]] std::string RecordId(std::string_view legacy_row_id, std::size_t value_position);

// The id of the record made from the intermediate model's `dns_recordsets_tbl` row with id
// `recordset_id` (one value per row there, so the row id alone names it).
[[nodiscard]] std::string IntermediateRecordId(std::string_view recordset_id);

// The id of a zone: its name together with the ownership and visibility it carries.
[[nodiscard]] std::string ZoneId(std::string_view zone_name, std::string_view domain_id,
                                 std::string_view tenant_id, bool is_public,
                                 std::string_view public_scope);

}  // namespace cpdns
