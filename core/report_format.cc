#include "core/report_format.h"

#include <cstdio>

namespace cpdns {

std::string KindLabel(DifferenceKind kind) {
  std::string s(ToString(kind));
  for (char& c : s) c = c == '_' ? ' ' : c;
  if (kind == DifferenceKind::kTargetRule) s += "s";
  return s;
}

std::string Printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Shorten(std::string_view s, std::size_t max) {
  std::string p = Printable(s);
  if (p.size() <= max) return p;
  std::size_t cut = p.rfind("; ", max);
  if (cut == std::string::npos || cut == 0) {
    return p.substr(0, max) + "...";
  }
  std::size_t left = 1;
  for (std::size_t at = p.find("; ", cut + 2); at != std::string::npos; at = p.find("; ", at + 2)) {
    ++left;
  }
  return p.substr(0, cut) + "; ... (+" + std::to_string(left) + " records)";
}

std::string JoinShort(const std::vector<std::string>& items, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > max) out += " and " + std::to_string(items.size() - max) + " more";
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : Printable(s)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string CloudAccountNote(const CloudAccountSummary& a) {
  if (a.deleted) return "account deleted: no sync will run";
  if (!a.dns_sync_supported && a.pending > 0) return "provider does not sync DNS in v3.11.14";
  return "";
}

std::string MarkdownCell(std::string_view s) {
  std::string out;
  for (char c : Printable(s)) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      if (c == '|' || c == '\\' || c == '`' || c == '*') out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace cpdns
