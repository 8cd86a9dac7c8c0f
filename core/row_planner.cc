#include "core/row_planner.h"

#include <algorithm>

#include "core/dns_answer.h"
#include "core/dns_name.h"
#include "core/errors.h"
#include "core/legacy_records.h"
#include "core/reason_codes.h"
#include "core/uuid.h"
#include "core/wire_name.h"

namespace cpdns {

std::string_view ToString(RowOutcome o) {
  switch (o) {
    case RowOutcome::kMigrated:
      return "migrated";
    case RowOutcome::kWarned:
      return "warned";
    case RowOutcome::kSkipped:
      return "skipped";
  }
  return "?";
}

std::string RowPlan::ReasonCodes() const {
  std::string out;
  for (const Reason& r : reasons) out += (out.empty() ? "" : ",") + r.code;
  return out;
}

std::string RowPlan::ReasonDetails() const {
  std::string out;
  for (const Reason& r : reasons) out += (out.empty() ? "" : "; ") + r.code + ": " + r.detail;
  return out;
}

// ---- ZoneCatalog ----

ZoneCatalog::ZoneCatalog(std::vector<ZoneRow> existing_local, const std::vector<std::string>& named,
                         InferenceStrategy inference)
    : inferrer_(inference) {
  for (ZoneRow& z : existing_local) {
    NameResult n = NormalizeName(z.name);
    // A zone whose name the new API could not hold answers nothing; leave it alone.
    if (!n.ok() || n.value.wildcard) continue;
    candidates_.Add(n.value.name);
    ZoneOwner owner{z.domain_id, z.tenant_id, z.is_public, z.public_scope};
    auto key = std::make_pair(n.value.name, owner);
    if (by_key_.count(key)) continue;  // two operator zones, same name and owner: first wins
    PlannedZone p;
    p.id = z.id;
    p.name = n.value.name;
    p.owner = owner;
    p.exists = true;
    p.enabled = z.enabled.value_or(false) && z.status == "available";
    p.zone_type = z.zone_type;
    by_key_.emplace(std::move(key), zones_.size());
    zones_.push_back(std::move(p));
  }
  for (const std::string& raw : named) {
    NameResult n = NormalizeName(raw);
    if (!n.ok()) throw ConfigError("--zone " + QuoteBytes(raw) + ": " + n.message);
    if (n.value.wildcard) throw ConfigError("--zone " + QuoteBytes(raw) + ": a zone has no '*'");
    candidates_.Add(n.value.name);
  }
}

std::size_t ZoneCatalog::Resolve(const std::string& name, const ZoneOwner& owner) {
  auto key = std::make_pair(name, owner);
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  PlannedZone p;
  p.id = ZoneId(name, owner.domain_id, owner.tenant_id, owner.is_public, owner.public_scope);
  p.name = name;
  p.owner = owner;
  by_key_.emplace(std::move(key), zones_.size());
  zones_.push_back(std::move(p));
  return zones_.size() - 1;
}

// ---- RowPlanner ----

RowPlanner::RowPlanner(ZoneCatalog& zones, const SharedNames& shared, TargetVersion target)
    : zones_(zones), shared_(shared), target_(target) {}

namespace {

void Skip(RowPlan& plan, bool rejected, std::string_view code, std::string detail) {
  plan.outcome = RowOutcome::kSkipped;
  plan.rejected = rejected;
  plan.reasons.push_back({std::string(code), std::move(detail)});
}

void Warn(RowPlan& plan, std::string_view code, std::string detail) {
  plan.reasons.push_back({std::string(code), std::move(detail)});
}

std::string LowerWithoutTrailingDot(std::string_view raw) {
  std::string out(raw);
  if (!out.empty() && out.back() == '.') out.pop_back();
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// The row's name as stored and compared, or a skip when no query ever reached the row.
// A name the API refused but a client can ask for (a '-' first, a '*' inside a name, an
// address as the name, characters such as '!' or '/') was answered by legacy and is
// answered by the target from the same name: it migrates, with a warning.
std::optional<NormalizedName> PlanName(const LegacyRow& row, RowPlan& plan) {
  // The name columns compare with PAD SPACE: a query without trailing spaces matched them.
  std::string_view raw = row.name;
  while (!raw.empty() && raw.back() == ' ') raw.remove_suffix(1);
  const bool padded = raw.size() != row.name.size();
  NameResult name = NormalizeName(raw);
  if (name.ok()) {
    if (padded) {
      Warn(plan, reason::kCharacterNotApiValid,
           "name " + QuoteBytes(row.name) +
               " ends with spaces, which MariaDB ignores when it "
               "compares names: legacy answered the name without them, and so does the target");
    }
    return std::move(name.value);
  }
  NormalizedName n;
  n.name = LowerWithoutTrailingDot(raw);
  n.had_trailing_dot = !raw.empty() && raw.back() == '.';
  if (std::optional<NameError> why = UnqueryableReason(n.name)) {
    const std::string message = *why == *name.error ? name.message
                                                    : QuoteBytes(row.name) +
                                                          " holds what no DNS query can carry (" +
                                                          std::string(ToString(*why)) + ")";
    Skip(plan, true, ToString(*why),
         "name " + message +
             ": no query a client can send matches it, so legacy never "
             "answered the row");
    return std::nullopt;
  }
  n.wildcard = n.name.starts_with("*.");
  const std::string_view code = *name.error == NameError::kInvalidCharacter
                                    ? reason::kCharacterNotApiValid
                                    : ToString(*name.error);
  Warn(plan, code,
       "name " + name.message +
           "; a client can still ask for it, so legacy answered "
           "it and the target does from the same name; the API refuses to edit it");
  return n;
}

}  // namespace

RowPlan RowPlanner::Plan(const LegacyRow& row) {
  RowPlan plan;
  plan.legacy_id = row.id;
  plan.raw_name = row.name;
  if (row.deleted) {
    Skip(plan, false, reason::kDeleted, "soft-deleted row (deleted=1): never served, not migrated");
    return plan;
  }
  std::optional<NormalizedName> name = PlanName(row, plan);
  if (!name) return plan;
  plan.fqdn = name->name;

  LegacyParseResult parsed = ParseLegacyRecords(
      row.records ? std::optional<std::string_view>(*row.records) : std::nullopt, row.name);
  for (const EntryIssue& r : parsed.issues) {
    std::string where = r.entry_index
                            ? "entry " + std::to_string(*r.entry_index) + " " + r.RawForDisplay() +
                                  " " + std::string(ToString(r.disposition)) + ": "
                            : std::string();
    plan.reasons.push_back({std::string(ToString(r.reason)), where + r.detail});
  }
  if (parsed.RowRejected()) {
    plan.outcome = RowOutcome::kSkipped;
    plan.rejected = true;
    return plan;
  }
  if (parsed.records.empty()) {
    plan.reasons.insert(plan.reasons.begin(),
                        {std::string(reason::kNoServedEntry),
                         "no entry of the row is one legacy answered a client with"});
    plan.outcome = RowOutcome::kSkipped;
    plan.rejected = true;
    return plan;
  }
  std::string zone_name;
  if (!PlaceInZone(*name, plan, zone_name)) return plan;

  ZoneOwner owner{row.domain_id, row.tenant_id, row.is_public, row.public_scope};
  plan.zone_slot = zones_.Resolve(zone_name, owner);
  PlannedZone& zone = zones_.zones()[plan.zone_slot];
  if (zone.exists && !zone.enabled) {
    Warn(plan, reason::kZoneDisabled,
         "existing zone " + zone.id +
             " is disabled or not available: its records do not resolve until it is enabled");
  }
  if (!IsValidRelativeRecordName(plan.relative)) {
    Warn(plan, reason::kRecordNameNotApiValid,
         "record name " + QuoteBytes(plan.relative) +
             " is stored as is, but the Cloudpods API would refuse to edit it");
  }
  AddRecords(row, parsed, zone, plan);
  AddAnswerWarnings(parsed, *name, plan);
  CheckSharedName(row, plan);
  AddTargetWarnings(row, parsed, plan);
  plan.outcome = plan.reasons.empty() ? RowOutcome::kMigrated : RowOutcome::kWarned;
  return plan;
}

bool RowPlanner::PlaceInZone(const NormalizedName& name, RowPlan& plan,
                             std::string& zone_name) const {
  // The zone is the longest of: the existing or named candidate the name lies under, and
  // the zone inferred from the name itself. So naming a short zone (--zone com) for one
  // apex name leaves every other name in the zone it would have had.
  const std::string& fqdn = name.name;
  const ZoneMatch match = zones_.candidates().Match(fqdn);
  const InferredZone inferred = zones_.inferrer().Infer(fqdn);
  std::string_view best;
  if (match.enclosing) best = match.enclosing->zone;
  if (inferred.inferred() && inferred.zone.size() > best.size()) best = inferred.zone;
  const bool apex = match.apex || inferred.status == InferenceStatus::kApex;
  if (!best.empty()) {
    zone_name = std::string(best);
    plan.relative = fqdn.substr(0, fqdn.size() - best.size() - 1);
    if (apex) {
      Warn(plan, reason::kApexMovedToParent,
           "the name is itself a zone; Cloudpods never resolves '@', so the records go into "
           "the enclosing zone " +
               zone_name);
    }
    return true;
  }
  if (apex) {
    Skip(plan, true, reason::kApexUnresolvable,
         "the name is itself the zone " + fqdn +
             " (a registrable domain or a zone of its own) and no zone encloses it; Cloudpods "
             "never resolves '@'. Name its parent with --zone (for example --zone " +
             fqdn.substr(fqdn.find('.') + 1) + ") to place it there: other names keep their zones");
    return false;
  }
  Skip(plan, true, reason::kNoZone,
       "no candidate zone encloses the name and inference (" +
           std::string(ToString(zones_.inferrer().strategy())) + ") gave " +
           std::string(ToString(inferred.status)) + "; name a zone with --zone");
  return false;
}

void RowPlanner::AddRecords(const LegacyRow& row, const LegacyParseResult& parsed,
                            PlannedZone& zone, RowPlan& plan) const {
  int64_t ttl = ServedLegacyTtl(row.ttl);
  for (const ParsedRecord& rec : parsed.records) {
    PlannedRecord p;
    p.position = static_cast<int>(rec.entry_index);
    p.id = RecordId(row.id, rec.entry_index);
    p.type = std::string(ToString(rec.type));
    p.value = rec.TargetValue();
    p.ttl = ttl;
    p.enabled = row.enabled;
    plan.records.push_back(std::move(p));
  }
  zone.rows += 1;
  if (zone.created_at.empty() || row.created_at < zone.created_at) zone.created_at = row.created_at;
  if (row.updated_at > zone.updated_at) zone.updated_at = row.updated_at;
  zone.records += static_cast<int64_t>(plan.records.size());
}

void RowPlanner::AddAnswerWarnings(const LegacyParseResult& parsed, const NormalizedName& name,
                                   RowPlan& plan) const {
  const bool trimmed =
      std::any_of(parsed.records.begin(), parsed.records.end(),
                  [](const ParsedRecord& r) { return r.type_trimmed || r.value_trimmed; });
  if (name.had_trailing_dot) {
    Warn(plan, reason::kNowAnswersTrailingDot,
         "legacy region-dns never answered this row (its name ends with '.'); the migrated "
         "records will answer");
  }
  if (trimmed) {
    Warn(plan, reason::kNowAnswersTrimmedValue,
         "blanks around a type or value kept legacy region-dns from answering; the migrated "
         "records, without them, will answer");
  }
  if (name.wildcard) {
    Warn(plan, reason::kWildcardNowActive,
         "legacy region-dns matched '*' literally; the target answers every name it covers");
  }
}

namespace {

bool IdBefore(std::string_view a, std::string_view b) {
  const int c = CompareAsciiCi(a, b);
  return c != 0 ? c < 0 : a < b;
}

}  // namespace

void RowPlanner::CheckSharedName(const LegacyRow& row, RowPlan& plan) const {
  auto it = shared_.find(plan.fqdn);
  if (it == shared_.end()) return;
  // The rows this row's clients see: public rows, and rows of the same project when this one
  // is private. v3.10.4 answered the first row of its query, which MariaDB reads through
  // ix_dnsrecord_tbl_name: a secondary index orders equal names by primary key, so the row
  // with the smallest id (ascii_general_ci) answers. 3.10 answers one of all of them (rows of
  // one name tie in its ORDER BY: MariaDB's pick), 3.11 all enabled ones together.
  bool count_disabled = target_ == TargetVersion::k310;
  std::string others;
  const NameSharer* first = nullptr;
  bool cname = false, other_data = false;
  int visible = 0;
  for (const NameSharer& s : it->second) {
    bool seen = s.is_public || row.is_public || s.tenant_id == row.tenant_id;
    if (!seen) continue;
    if (s.enabled && (s.is_public || !row.is_public) &&
        (first == nullptr || IdBefore(s.id, first->id))) {
      first = &s;
    }
    if (!s.enabled && !count_disabled) continue;
    ++visible;
    (s.is_cname ? cname : other_data) = true;
    if (s.id != row.id) others += (others.empty() ? "" : ", ") + s.id;
  }
  if (visible < 2 || others.empty()) return;
  std::string legacy = first == nullptr      ? "legacy answered none of them (all disabled)"
                       : first->id == row.id ? "legacy answered this row (the smallest id: "
                                               "MariaDB reads the name index in id order)"
                                             : "legacy answered row " + first->id +
                                                   " (the smallest id), never this one";
  Warn(plan, reason::kSharedName,
       "rows " + others + " hold the same name for the same clients; " + legacy + "; " +
           (target_ == TargetVersion::k310
                ? std::string("3.10.5-3.10.16 answer one value of all, which one is MariaDB's "
                              "choice (they tie in ORDER BY dns_name DESC)")
                : std::string("3.11 merges all of them")));
  if (cname && other_data) {
    Warn(plan, reason::kCnameBesideOtherData,
         "one of the rows holding this name is a CNAME, another is not");
  }
}

void RowPlanner::AddTargetWarnings(const LegacyRow& row, const LegacyParseResult& parsed,
                                   RowPlan& plan) const {
  bool has_ptr = false, has_cname = false;
  for (const PlannedRecord& r : plan.records) {
    has_ptr = has_ptr || r.type == "PTR";
    has_cname = has_cname || r.type == "CNAME";
  }
  if (target_ == TargetVersion::k311) {
    if (has_ptr) {
      Warn(plan, reason::kPtrIgnoredByTarget,
           "3.11 and later ignore PTR records and derive reverse answers from A/AAAA records");
    }
    if (has_cname && row.enabled) {
      Warn(plan, reason::kCnameNotChasedByTarget,
           "3.11 answers a CNAME record only to CNAME queries; legacy also chased it for "
           "A/AAAA queries");
    }
    return;
  }
  if (!row.enabled) {
    Warn(plan, reason::kDisabledServedByTarget,
         "3.10.5-3.10.16 do not filter records on enabled: this disabled row will answer");
  }
  if (plan.records.size() > 1) {
    Warn(plan, reason::kOneValueAnsweredByTarget,
         "3.10.5-3.10.16 answer one value of a name, whatever the query type; legacy answered "
         "all " +
             std::to_string(plan.records.size()) +
             ". Which one is MariaDB's choice (the values tie in ORDER BY dns_name DESC), so the "
             "verifier reports the name as uncertain where the choice matters");
  }
  // A name value legacy chased for one type only (an A/AAAA entry holding a name, a CNAME
  // whose legacy target carried the row's other entries) answers every type on 3.10.
  const bool chased_once =
      std::any_of(parsed.issues.begin(), parsed.issues.end(), [](const EntryIssue& i) {
        return i.reason == EntryReason::kAddressValueIsName ||
               (i.reason == EntryReason::kCnameNotAlone && i.disposition == Disposition::kDropped);
      });
  if (chased_once) {
    Warn(plan, reason::kValueAnswersEveryTypeOnTarget,
         "3.10.5-3.10.16 chase a name value for every query type; legacy chased it for fewer "
         "(or, after a CNAME followed by more entries, for none)");
  }
}

}  // namespace cpdns
