// Escaping text for XML and HTML output (the JSBSim export, reports, KML).
#pragma once

#include <string>

namespace kestrel {

// `s` with &, <, >, " and ' replaced by character references, safe in element text and in
// quoted attribute values.
inline std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
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

}  // namespace kestrel
