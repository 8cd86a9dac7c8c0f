#include "core/verdict.h"

#include <algorithm>
#include <tuple>

namespace cpdns {

using nlohmann::json;

std::string_view ToString(Effect effect) {
  switch (effect) {
    case Effect::kLost:
      return "lost";
    case Effect::kChanged:
      return "changed";
    case Effect::kAdded:
      return "added";
  }
  return "?";
}

Effect EffectOf(const Answer& before, const Answer& after) {
  if (before.answered() && !after.answered()) return Effect::kLost;
  if (!before.answered() && after.answered()) return Effect::kAdded;
  return Effect::kChanged;
}

void EffectCounts::Add(Effect e, int64_t n) {
  switch (e) {
    case Effect::kLost:
      lost += n;
      return;
    case Effect::kChanged:
      changed += n;
      return;
    case Effect::kAdded:
      added += n;
      return;
  }
}

void EffectCounts::Add(const EffectCounts& other) {
  lost += other.lost;
  changed += other.changed;
  added += other.added;
}

void FindingCounts::Add(const FindingCounts& other) {
  real.Add(other.real);
  probe.Add(other.probe);
}

int64_t ZoneTally::Total() const {
  int64_t n = 0;
  for (const auto& [kind, counts] : by_kind) n += counts.Total();
  return n;
}

int64_t ZoneTally::Count(DifferenceKind k) const {
  auto it = by_kind.find(k);
  return it == by_kind.end() ? 0 : it->second.Total();
}

int64_t ZoneTally::RealLostOrChanged() const {
  int64_t n = 0;
  for (const auto& [kind, counts] : by_kind) n += counts.real.LostOrChanged();
  return n;
}

void DifferenceTally::Add(const TallyEntry& e) {
  auto add = [&e](FindingCounts& c) { (IsRealName(e.probe) ? c.real : c.probe).Add(e.effect); };
  add(by_kind_[e.kind]);
  auto rule = by_rule_.find(e.rule);
  if (rule == by_rule_.end()) {
    rule = by_rule_.emplace(std::string(e.rule), RuleTally{e.kind, e.accepted, {}}).first;
  }
  add(rule->second.counts);
  std::string_view zone = e.zone.empty() ? std::string_view("(no zone)") : e.zone;
  auto z = by_zone_.find(zone);
  if (z == by_zone_.end()) z = by_zone_.emplace(std::string(zone), ZoneTally{std::string(zone), {}}).first;
  add(z->second.by_kind[e.kind]);
}

FindingCounts DifferenceTally::Kind(DifferenceKind k) const {
  auto it = by_kind_.find(k);
  return it == by_kind_.end() ? FindingCounts{} : it->second;
}

std::vector<ZoneTally> DifferenceTally::Zones() const {
  std::vector<ZoneTally> out;
  out.reserve(by_zone_.size());
  for (const auto& [name, z] : by_zone_) out.push_back(z);
  std::sort(out.begin(), out.end(),
            [](const ZoneTally& a, const ZoneTally& b) { return a.zone < b.zone; });
  return out;
}

std::vector<ZoneTally> DifferenceTally::TopZones(std::size_t limit) const {
  std::vector<const ZoneTally*> all;
  all.reserve(by_zone_.size());
  for (const auto& [name, z] : by_zone_) all.push_back(&z);
  auto key = [](const ZoneTally* z) {
    return std::make_tuple(z->Count(DifferenceKind::kUnexplained), z->RealLostOrChanged(),
                           z->Total());
  };
  auto before = [&key](const ZoneTally* a, const ZoneTally* b) {
    auto ka = key(a), kb = key(b);
    return ka != kb ? ka > kb : a->zone < b->zone;
  };
  std::size_t n = std::min(limit, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), before);
  std::vector<ZoneTally> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(*all[i]);
  return out;
}

std::vector<std::pair<std::string, RuleTally>> DifferenceTally::RulesByCount() const {
  std::vector<std::pair<std::string, RuleTally>> out(by_rule_.begin(), by_rule_.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second.counts.Total() > b.second.counts.Total();
  });
  return out;
}

std::string_view ToString(VerdictLevel level) {
  switch (level) {
    case VerdictLevel::kSafe:
      return "safe";
    case VerdictLevel::kSafeWithChanges:
      return "safe with changes";
    case VerdictLevel::kNotSafe:
      return "not safe";
  }
  return "?";
}

namespace {

void SortByCount(std::vector<std::pair<std::string, int64_t>>& v) {
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
}

// "cname_srv_quirk 40, cname_not_chased 33 and 2 more rules"
std::string RuleList(const std::vector<std::pair<std::string, int64_t>>& rules) {
  constexpr std::size_t kShown = 4;
  std::string out;
  for (std::size_t i = 0; i < rules.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out += rules[i].first + " " + std::to_string(rules[i].second);
  }
  if (rules.size() > kShown) out += " and " + std::to_string(rules.size() - kShown) + " more rules";
  return out;
}

std::string Plural(int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// "73 lost and 7 changed"
std::string LostChanged(const EffectCounts& c) {
  std::string out;
  if (c.lost > 0) out += std::to_string(c.lost) + " lost";
  if (c.changed > 0) out += (out.empty() ? "" : " and ") + std::to_string(c.changed) + " changed";
  return out;
}

json RulesJson(const std::vector<std::pair<std::string, int64_t>>& rules) {
  json out = json::object();
  for (const auto& [rule, n] : rules) out[rule] = n;
  return out;
}

json EffectJson(const EffectCounts& c) {
  return {{"lost", c.lost}, {"changed", c.changed}, {"added", c.added}};
}

}  // namespace

Verdict DecideVerdict(const DifferenceTally& tally) {
  Verdict v;
  for (const auto& [rule, t] : tally.by_rule()) {
    if (t.accepted) {
      v.accepted += t.counts.Total();
      continue;
    }
    if (t.kind != DifferenceKind::kUnexplained && t.kind != DifferenceKind::kUncertain) {
      v.real_added += t.counts.real.added;
    }
    // Answers of real names lost or changed, by the rule behind them.
    // (Structured bindings are passed, not captured: clang before C++20's rule refuses that.)
    auto real_losses = [](const std::string& name, const RuleTally& tally, EffectCounts& counts,
                          std::vector<std::pair<std::string, int64_t>>& rules) {
      counts.Add(EffectCounts{tally.counts.real.lost, tally.counts.real.changed, 0});
      const int64_t n = tally.counts.real.LostOrChanged();
      if (n > 0) rules.emplace_back(name, n);
    };
    switch (t.kind) {
      case DifferenceKind::kUnexplained:
        v.unexplained += t.counts.Total();
        continue;
      case DifferenceKind::kNotMigrated:
        real_losses(rule, t, v.real_lost_by_skipped, v.skipped_reasons);
        break;
      case DifferenceKind::kTargetRule:
        real_losses(rule, t, v.real_by_target_rules, v.target_rules);
        break;
      case DifferenceKind::kUncertain:
        v.real_uncertain += t.counts.real.Total();
        break;
      case DifferenceKind::kNowAnswers:
        if (rule == "intermediate_zone") {
          v.intermediate_added += t.counts.Total();
          continue;
        }
        break;
    }
    v.probe_gained += t.counts.probe.Total();
  }
  SortByCount(v.skipped_reasons);
  SortByCount(v.target_rules);
  if (v.unexplained > 0 || v.real_lost_by_skipped.LostOrChanged() > 0) {
    v.level = VerdictLevel::kNotSafe;
  } else if (v.real_by_target_rules.LostOrChanged() > 0 || v.real_uncertain > 0) {
    v.level = VerdictLevel::kSafeWithChanges;
  }
  return v;
}

std::string Verdict::Line() const {
  std::string upper(ToString(level));
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string out = "Verdict: " + upper + ": ";
  std::vector<std::string> parts;
  if (unexplained > 0) parts.push_back(Plural(unexplained, "difference", "differences") +
                                       " no rule explains");
  if (real_lost_by_skipped.LostOrChanged() > 0) {
    parts.push_back("answers of real names " + LostChanged(real_lost_by_skipped) +
                    " by rows the migrator skipped (" + RuleList(skipped_reasons) + ")");
  }
  if (real_by_target_rules.LostOrChanged() > 0) {
    parts.push_back("answers of real names " + LostChanged(real_by_target_rules) +
                    " by the target release's own rules (" + RuleList(target_rules) + ")");
  }
  if (real_uncertain > 0) {
    parts.push_back(Plural(real_uncertain, "answer", "answers") +
                    " of real names uncertain: the row MariaDB returns first decides (row_order)");
  }
  if (level == VerdictLevel::kSafe) parts.push_back("no answer of a real name lost or changed");
  if (level != VerdictLevel::kNotSafe) parts.push_back("nothing unexplained");
  std::string gains;
  if (real_added > 0) gains = Plural(real_added, "answer", "answers") + " added at real names";
  if (probe_gained > 0) {
    gains += (gains.empty() ? "" : ", ") + std::to_string(probe_gained) +
             " gained by probe names only";
  }
  if (intermediate_added > 0) {
    gains += (gains.empty() ? "" : ", ") + std::to_string(intermediate_added) +
             " answered by zones migrated from the intermediate model (intermediate_zone)";
  }
  if (!gains.empty()) parts.push_back(gains);
  if (accepted > 0) parts.push_back(std::to_string(accepted) + " of accepted rules");
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : "; ") + parts[i];
  return out;
}

json Verdict::Json() const {
  return {{"level", std::string(ToString(level))},
          {"unexplained", unexplained},
          {"real_lost_by_skipped_rows", EffectJson(real_lost_by_skipped)},
          {"skipped_reasons", RulesJson(skipped_reasons)},
          {"real_changed_by_target_rules", EffectJson(real_by_target_rules)},
          {"target_rules", RulesJson(target_rules)},
          {"real_uncertain", real_uncertain},
          {"real_added", real_added},
          {"probe_gained", probe_gained},
          {"intermediate_added", intermediate_added},
          {"accepted", accepted},
          {"line", Line()}};
}

}  // namespace cpdns
