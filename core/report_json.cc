#include "core/report_json.h"

#include <algorithm>
#include <utility>

#include "core/errors.h"

namespace cpdns {

using nlohmann::json;

namespace {
constexpr std::size_t kFlushBytes = 1 << 20;
}

void AppendJsonString(std::string_view s, std::string& out) {
  bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
  });
  if (!plain) {
    out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

JsonReportWriter::JsonReportWriter(std::string path, const json& head) : path_(std::move(path)) {
  out_.open(path_, std::ios::binary | std::ios::trunc);
  if (!out_) throw ConfigError("cannot write the JSON report " + path_);
  std::string h = head.dump(-1, ' ', false, json::error_handler_t::replace);
  h.pop_back();  // the closing brace: the rest follows
  buffer_ = h + (head.empty() ? "" : ",") + "\"differences\":[\n";
}

void JsonReportWriter::Add(const Difference& d) {
  auto rule = rule_details_.find(std::string_view(d.rule));
  if (rule == rule_details_.end()) rule = rule_details_.emplace(d.rule, d.detail).first;
  const bool with_detail = rule->second != d.detail;
  const std::pair<std::string_view, std::string_view> fields[] = {
      {"after", d.after},         {"before", d.before},
      {"detail", d.detail},       {"effect", ToString(d.effect)},
      {"kind", ToString(d.kind)}, {"name", d.name},
      {"perspective", d.perspective}, {"probe", ToString(d.probe)},
      {"rule", d.rule},           {"type", d.type},
      {"zone", d.zone}};
  buffer_ += written_ == 0 ? "{" : ",\n{";
  bool first = true;
  for (const auto& [key, value] : fields) {
    if (key == "detail" && !with_detail) continue;
    if (!first) buffer_ += ',';
    first = false;
    buffer_ += '"';
    buffer_ += key;
    buffer_ += "\":";
    AppendJsonString(value, buffer_);
  }
  if (d.accepted) buffer_ += ",\"accepted\":true";
  buffer_ += '}';
  ++written_;
  if (buffer_.size() >= kFlushBytes) Flush();
}

void JsonReportWriter::Flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void JsonReportWriter::Finish(const json& tail) {
  json rules = json::object();
  for (const auto& [rule, detail] : rule_details_) rules[rule] = detail;
  buffer_ += "\n],\"rules\":" + rules.dump(-1, ' ', false, json::error_handler_t::replace);
  for (const auto& [key, value] : tail.items()) {
    buffer_ += ",";
    AppendJsonString(key, buffer_);
    buffer_ += ":" + value.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  buffer_ += "}\n";
  Flush();
  out_.close();
  if (!out_) throw ConfigError("writing the JSON report " + path_ + " failed (disk full?)");
}

}  // namespace cpdns
