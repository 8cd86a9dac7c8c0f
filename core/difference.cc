#include "core/difference.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace cpdns {

std::string_view ToString(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::kUnexplained:
      return "unexplained";
    case DifferenceKind::kTargetRule:
      return "target_rule";
    case DifferenceKind::kNowAnswers:
      return "now_answers";
    case DifferenceKind::kNotMigrated:
      return "not_migrated";
    case DifferenceKind::kUncertain:
      return "uncertain";
  }
  return "?";
}

std::string_view ToString(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::kLegacyName:
      return "legacy_name";
    case ProbeKind::kChild:
      return "child";
    case ProbeKind::kParent:
      return "parent";
    case ProbeKind::kIntermediate:
      return "intermediate_zone";
    case ProbeKind::kCovered:
      return "covered";
  }
  return "?";
}

Agreement Compare(const Resolution& before, const Resolution& after) {
  auto list = [](const Resolution& r) {
    return r.possible_answers.empty() ? std::vector<Answer>{r.answer} : r.possible_answers;
  };
  const std::vector<Answer> b = list(before), a = list(after);
  auto in_before = [&b](const Answer& x) { return std::find(b.begin(), b.end(), x) != b.end(); };
  const std::size_t shared = static_cast<std::size_t>(std::count_if(a.begin(), a.end(), in_before));
  const bool complete = before.possible_complete && after.possible_complete;
  if (shared == 0) return complete ? Agreement::kChanged : Agreement::kUncertain;
  if (shared == a.size() && b.size() == 1 && complete) return Agreement::kSame;
  return Agreement::kUncertain;
}

bool SameAnswer(const Resolution& before, const Resolution& after) {
  return Compare(before, after) == Agreement::kSame;
}

namespace {

bool StartsWith(const std::optional<std::string>& s, std::string_view prefix) {
  return s && s->compare(0, prefix.size(), prefix) == 0;
}

bool HasEntry(const LegacyRow& row, std::string_view type) {
  if (!row.records) return false;
  std::string needle = std::string(type) + ":";
  const std::string& r = *row.records;
  for (size_t pos = 0; pos <= r.size();) {
    size_t end = r.find(',', pos);
    if (end == std::string::npos) end = r.size();
    std::string_view entry(r.data() + pos, end - pos);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    if (entry.compare(0, needle.size(), needle) == 0) return true;
    pos = end + 1;
  }
  return false;
}

bool NeedsTrim(const LegacyRow& row) {
  if (!row.records) return false;
  const std::string& r = *row.records;
  // The parser's blanks: space, TAB, CR, LF, VT, FF.
  for (size_t i = 0; i < r.size(); ++i) {
    if (r[i] == ' ' || (r[i] >= '\t' && r[i] <= '\r')) return true;
  }
  return false;
}

Classification Make(DifferenceKind k, std::string rule, std::string detail) {
  return {k, std::move(rule), std::move(detail)};
}

bool SubsetOf(const Answer& small, const Answer& big) {
  for (const AnswerRecord& r : small.records()) {
    if (std::find(big.records().begin(), big.records().end(), r) == big.records().end()) {
      return false;
    }
  }
  return true;
}

// The target's answer is the parent's answer under the query name, and the parent
// itself answers as before: the difference comes from 3.11's parent candidate.
bool ParentFallback(const ProbeFacts& f) {
  if (!f.parent_before || !f.parent_after || !f.parent_after->answer.answered()) return false;
  if (!SameAnswer(*f.parent_before, *f.parent_after) &&
      f.parent_difference.value_or(DifferenceKind::kUnexplained) == DifferenceKind::kUnexplained) {
    return false;
  }
  auto strip = [](const Answer& a) {
    std::vector<std::tuple<QueryType, std::string, int64_t>> out;
    for (const AnswerRecord& r : a.records()) out.emplace_back(r.type, r.value, r.ttl);
    std::sort(out.begin(), out.end());
    return out;
  };
  return strip(f.after.answer) == strip(f.parent_after->answer);
}

// What the rows of a probe hold, once.
struct RowSummary {
  bool cname = false, ptr = false, disabled = false, dot = false, trim = false, multi = false;
  int enabled = 0;
};

RowSummary Summarise(const std::vector<LegacyRow>& rows) {
  RowSummary s;
  for (const LegacyRow& r : rows) {
    s.enabled += r.enabled ? 1 : 0;
    s.cname = s.cname || StartsWith(r.records, "CNAME:");
    s.ptr = s.ptr || HasEntry(r, "PTR");
    s.disabled = s.disabled || !r.enabled;
    s.dot = s.dot || (!r.name.empty() && r.name.back() == '.');
    s.trim = s.trim || NeedsTrim(r);
    s.multi = s.multi || (r.records && r.records->find(',') != std::string::npos);
  }
  return s;
}

// Legacy gave no answer, the target does.
std::optional<Classification> NewAnswer(const ProbeFacts& f, const RowSummary& s) {
  const bool v311 = f.target == TargetVersion::k311;
  if (f.kind == ProbeKind::kCovered && !f.wildcard_rows.empty()) {
    return Make(DifferenceKind::kNowAnswers, "wildcard_now_active",
                "legacy matched the '*' row " + f.wildcard_rows.front().id +
                    " only when asked for it literally; the target answers this name with it");
  }
  if (v311 && s.enabled > 1) {
    return Make(DifferenceKind::kTargetRule, "shared_name_merged",
                "several legacy rows hold this name; legacy answered with the first (smallest "
                "id), 3.11 answers with all of them");
  }
  if (v311 && ParentFallback(f)) {
    return Make(DifferenceKind::kTargetRule, "parent_fallback",
                "3.11 answers a name without records of the query type with its parent's "
                "records");
  }
  if (!f.wildcard_rows.empty()) {
    return Make(DifferenceKind::kNowAnswers, "wildcard_now_active",
                "legacy matched the '*' row " + f.wildcard_rows.front().id +
                    " literally; the target answers every name it covers");
  }
  if (s.dot) {
    return Make(DifferenceKind::kNowAnswers, "trailing_dot",
                "the legacy row's name ends with '.', so legacy never answered it");
  }
  if (s.trim) {
    return Make(DifferenceKind::kNowAnswers, "trimmed_value",
                "blanks in the legacy value kept legacy from answering it");
  }
  if (!v311 && s.disabled) {
    return Make(DifferenceKind::kTargetRule, "disabled_served",
                "3.10.5-3.10.16 do not filter records on enabled");
  }
  if (!v311 && !f.rows.empty()) {
    return Make(DifferenceKind::kTargetRule, "one_value_any_type",
                "3.10.5-3.10.16 answer every query type from the one value of a name");
  }
  if (v311 && f.type == QueryType::kPTR && (s.ptr || f.rows.empty())) {
    return Make(DifferenceKind::kTargetRule, "ptr_generated_from_a",
                s.ptr ? "3.11 derives PTR answers from A/AAAA records"
                      : "3.11 answers PTR queries from A/AAAA records holding the address");
  }
  return std::nullopt;
}

// Legacy answered (or failed), the target gives nothing.
std::optional<Classification> LostAnswer(const ProbeFacts& f, const RowSummary& s) {
  const bool v311 = f.target == TargetVersion::k311;
  if (f.before.answer.outcome() == Outcome::kServerFailure && s.cname &&
      f.type == QueryType::kSRV) {
    return Make(DifferenceKind::kTargetRule, "cname_srv_quirk",
                "legacy failed (SERVFAIL) on an SRV query of a CNAME row holding an address; the "
                "target has no SRV record there");
  }
  if (!f.before.answer.answered()) return std::nullopt;
  if (s.cname && f.type == QueryType::kSRV) {
    return Make(DifferenceKind::kTargetRule, "cname_srv_quirk",
                "legacy answered an SRV query on a CNAME name with a made-up SRV record "
                "(priority 0, weight 100, port 0); the target does not");
  }
  if (!v311 && (s.multi || s.cname)) {
    return Make(DifferenceKind::kTargetRule, "one_value",
                "3.10.5-3.10.16 answer one value of a name (or of a CNAME target), which may "
                "be of another type than the query");
  }
  if (v311 && s.cname && f.type != QueryType::kCNAME) {
    return Make(DifferenceKind::kTargetRule, "cname_not_chased",
                "3.11 answers a CNAME record only to CNAME queries");
  }
  if (v311 && f.type == QueryType::kPTR && s.ptr) {
    return Make(DifferenceKind::kTargetRule, "ptr_rows_ignored",
                "3.11 ignores PTR records and derives reverse answers from A/AAAA records");
  }
  return std::nullopt;
}

// Both answered, differently.
std::optional<Classification> ChangedAnswer(const ProbeFacts& f, const RowSummary& s) {
  const bool v311 = f.target == TargetVersion::k311;
  const Answer& before = f.before.answer;
  const Answer& after = f.after.answer;
  if (!v311 && after.records().size() < before.records().size() && SubsetOf(after, before)) {
    return Make(DifferenceKind::kTargetRule, "one_value",
                "3.10.5-3.10.16 answer one value of a multi-value name");
  }
  if (v311 && s.enabled > 1) {
    return Make(DifferenceKind::kTargetRule, "shared_name_merged",
                "several legacy rows hold this name; legacy answered one, 3.11 answers all");
  }
  if (v311 && f.type == QueryType::kPTR) {
    return Make(DifferenceKind::kTargetRule, "ptr_generated_from_a",
                "3.11 derives PTR answers from A/AAAA records");
  }
  if (v311 && s.cname && f.type != QueryType::kCNAME) {
    return Make(DifferenceKind::kTargetRule, "cname_not_chased",
                "3.11 answers a CNAME record only to CNAME queries");
  }
  if (!f.wildcard_rows.empty()) {
    return Make(DifferenceKind::kTargetRule, "wildcard_precedence",
                "a '*' record now covers this name and the target prefers it");
  }
  if (!v311 && !f.rows.empty()) {
    return Make(DifferenceKind::kTargetRule, "one_value_any_type",
                "3.10.5-3.10.16 answer every query type from the one value of a name");
  }
  return std::nullopt;
}

}  // namespace

Classification Classify(const ProbeFacts& f) {
  const Answer& before = f.before.answer;
  const Answer& after = f.after.answer;
  if (!f.skipped.empty()) {
    std::string d;
    for (const auto& [id, reasons] : f.skipped) d += (d.empty() ? "" : "; ") + id + ": " + reasons;
    // The rule is the row's first reason: the one that decided its outcome.
    const std::string& reasons = f.skipped.front().second;
    return Make(DifferenceKind::kNotMigrated, reasons.substr(0, reasons.find(',')),
                "the migrator skipped " + d);
  }
  if (Compare(f.before, f.after) == Agreement::kUncertain) {
    std::string d;
    for (const Answer& a : f.after.possible_answers) d += (d.empty() ? "" : " | ") + a.ToString();
    return Make(DifferenceKind::kUncertain, "row_order",
                "the target answers with the first of rows MariaDB returns in no order the data "
                "decides; legacy's answer is one of its possible answers, not all: " +
                    d);
  }
  if (f.target == TargetVersion::k310 && f.type == QueryType::kPTR && after.answered() &&
      after.records().size() == 1 && after.records().front().value == ".") {
    return Make(DifferenceKind::kTargetRule, "v310_empty_ptr",
                "3.10.5-3.10.16 answer every reverse name without a PTR record with 'PTR .'");
  }
  if (f.kind == ProbeKind::kIntermediate && f.rows.empty()) {
    return Make(DifferenceKind::kNowAnswers, "intermediate_zone",
                "a record migrated from a local zone of the intermediate model, which region-dns "
                "never served, answers here");
  }
  const RowSummary s = Summarise(f.rows);
  std::optional<Classification> c;
  if (!before.answered() && after.answered()) c = NewAnswer(f, s);
  if (!c && !after.answered()) c = LostAnswer(f, s);
  if (!c && before.answered() && after.answered()) c = ChangedAnswer(f, s);
  if (c) return *c;
  return Make(DifferenceKind::kUnexplained, "unexplained",
              "the answer changed and no rule of the target release explains it");
}

}  // namespace cpdns
