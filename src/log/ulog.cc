#include "log/ulog.h"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>

namespace kestrel {

static_assert(std::endian::native == std::endian::little,
              "ULog is little endian; write() copies structs byte for byte");

namespace {

constexpr uint8_t kMagic[7] = {0x55, 0x4c, 0x6f, 0x67, 0x01, 0x12, 0x35};
constexpr uint8_t kSyncMagic[8] = {0x2f, 0x73, 0x13, 0x20, 0x25, 0x0c, 0xbb, 0x12};
constexpr std::size_t kHeaderSize = 16;
constexpr std::size_t kMessageHeaderSize = 3;
constexpr std::size_t kFlagBitsSize = 40;
constexpr std::size_t kMaxBody = 0xffff;  // msg_size is a uint16

constexpr UlogType kAllTypes[] = {UlogType::kUint8,  UlogType::kInt8,   UlogType::kUint16,
                                  UlogType::kInt16,  UlogType::kUint32, UlogType::kInt32,
                                  UlogType::kUint64, UlogType::kInt64,  UlogType::kFloat,
                                  UlogType::kDouble, UlogType::kBool,   UlogType::kChar};

std::optional<UlogType> basic_type(std::string_view name) {
  for (UlogType t : kAllTypes)
    if (name == ulog_type_name(t)) return t;
  return std::nullopt;
}

bool is_field_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_valid_field_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_field_char);
}
// Format, info and parameter names may also hold '-' and '/'.
bool is_valid_message_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return is_field_char(c) || c == '-' || c == '/'; });
}
bool is_padding(std::string_view name) { return name.starts_with("_padding"); }

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

}  // namespace

std::size_t ulog_type_size(UlogType type) {
  switch (type) {
    case UlogType::kUint8:
    case UlogType::kInt8:
    case UlogType::kBool:
    case UlogType::kChar:
      return 1;
    case UlogType::kUint16:
    case UlogType::kInt16:
      return 2;
    case UlogType::kUint32:
    case UlogType::kInt32:
    case UlogType::kFloat:
      return 4;
    case UlogType::kUint64:
    case UlogType::kInt64:
    case UlogType::kDouble:
      return 8;
  }
  return 0;
}

const char* ulog_type_name(UlogType type) {
  switch (type) {
    case UlogType::kUint8:
      return "uint8_t";
    case UlogType::kInt8:
      return "int8_t";
    case UlogType::kUint16:
      return "uint16_t";
    case UlogType::kInt16:
      return "int16_t";
    case UlogType::kUint32:
      return "uint32_t";
    case UlogType::kInt32:
      return "int32_t";
    case UlogType::kUint64:
      return "uint64_t";
    case UlogType::kInt64:
      return "int64_t";
    case UlogType::kFloat:
      return "float";
    case UlogType::kDouble:
      return "double";
    case UlogType::kBool:
      return "bool";
    case UlogType::kChar:
      return "char";
  }
  return "?";
}

std::size_t ulog_packed_size(const std::vector<UlogField>& fields) {
  std::size_t size = 0;
  for (const UlogField& f : fields)
    size += ulog_type_size(f.type) * static_cast<std::size_t>(std::max(f.array_size, 1));
  return size;
}

// ---- Writer -----------------------------------------------------------------------------------

UlogWriter::UlogWriter(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {
  buf_.reserve(1 << 16);
}

Result<std::unique_ptr<UlogWriter>> UlogWriter::open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return Error{path + ": cannot create: " + std::strerror(errno)};
  // No stdio buffer: the writer buffers whole messages itself, and a flush is then one write()
  // call instead of one per 4 KiB stdio block (system calls are most of the cost of a flush).
  std::setvbuf(file, nullptr, _IONBF, 0);
  std::unique_ptr<UlogWriter> w(new UlogWriter(file, path));
  // Header: magic, version 1, start timestamp 0 (sim time starts at 0; nothing from the host).
  w->put(kMagic, sizeof(kMagic));
  w->put_u8(1);
  w->put_u64(0);
  // Flag bits: no compatible or incompatible features, nothing appended.
  w->begin_message('B', kFlagBitsSize);
  for (std::size_t i = 0; i < kFlagBitsSize; ++i) w->put_u8(0);
  return w;
}

UlogWriter::~UlogWriter() { (void)close(); }

void UlogWriter::put(const void* bytes, std::size_t n) {
  const auto* p = static_cast<const uint8_t*>(bytes);
  buf_.insert(buf_.end(), p, p + n);
}
void UlogWriter::put_u16(uint16_t v) { put(&v, sizeof(v)); }
void UlogWriter::put_u64(uint64_t v) { put(&v, sizeof(v)); }

void UlogWriter::begin_message(uint8_t type, std::size_t body_size) {
  KESTREL_CHECK(body_size <= kMaxBody, "ULog message longer than 65535 bytes");
  put_u16(static_cast<uint16_t>(body_size));
  put_u8(type);
}

void UlogWriter::add_info(const std::string& key, const std::string& value) {
  KESTREL_CHECK(!data_section_, "ULog info after the data section started");
  KESTREL_CHECK(is_valid_message_name(key), "ULog info key must match [a-zA-Z0-9_/-]+");
  KESTREL_CHECK(std::find(info_keys_.begin(), info_keys_.end(), key) == info_keys_.end(),
                "ULog info key given twice");
  info_keys_.push_back(key);
  const std::string k = "char[" + std::to_string(value.size()) + "] " + key;
  KESTREL_CHECK(k.size() <= 255, "ULog info key too long");
  begin_message('I', 1 + k.size() + value.size());
  put_u8(static_cast<uint8_t>(k.size()));
  put(k.data(), k.size());
  put(value.data(), value.size());
}

void UlogWriter::add_parameter(const std::string& name, float value) {
  KESTREL_CHECK(!data_section_, "ULog parameter after the data section started");
  KESTREL_CHECK(is_valid_message_name(name), "ULog parameter name must match [a-zA-Z0-9_/-]+");
  KESTREL_CHECK(std::find(param_names_.begin(), param_names_.end(), name) == param_names_.end(),
                "ULog parameter given twice");
  param_names_.push_back(name);
  const std::string k = "float " + name;
  KESTREL_CHECK(k.size() <= 255, "ULog parameter name too long");
  begin_message('P', 1 + k.size() + sizeof(float));
  put_u8(static_cast<uint8_t>(k.size()));
  put(k.data(), k.size());
  put(&value, sizeof(value));
}

int UlogWriter::add_format(const std::string& name, const std::vector<UlogField>& fields) {
  KESTREL_CHECK(!data_section_, "ULog format after the data section started");
  KESTREL_CHECK(is_valid_message_name(name) && !basic_type(name),
                "ULog format name must match [a-zA-Z0-9_/-]+ and not be a basic type");
  for (const Format& f : formats_) KESTREL_CHECK(f.name != name, "ULog format defined twice");
  KESTREL_CHECK(!fields.empty() && fields[0].name == "timestamp" &&
                    fields[0].type == UlogType::kUint64 && fields[0].array_size == 0,
                "ULog format must start with the scalar uint64 timestamp");
  std::string s = name + ":";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const UlogField& f = fields[i];
    KESTREL_CHECK(is_valid_field_name(f.name), "ULog field name must match [a-zA-Z0-9_]+");
    KESTREL_CHECK(f.array_size >= 0, "ULog array size must be >= 0");
    for (std::size_t j = 0; j < i; ++j)
      KESTREL_CHECK(fields[j].name != f.name, "ULog field name given twice");
    s += ulog_type_name(f.type);
    if (f.array_size > 0) s += "[" + std::to_string(f.array_size) + "]";
    s += " " + f.name + ";";
  }
  const std::size_t size = ulog_packed_size(fields);
  KESTREL_CHECK(size + 2 <= kMaxBody, "ULog message format larger than 65533 bytes");
  begin_message('F', s.size());
  put(s.data(), s.size());
  formats_.push_back({name, size});
  return static_cast<int>(formats_.size()) - 1;
}

int UlogWriter::subscribe(int format_index, uint8_t multi_id) {
  KESTREL_CHECK(format_index >= 0 && format_index < static_cast<int>(formats_.size()),
                "ULog subscribe: unknown format index");
  KESTREL_CHECK(subscriptions_.size() <= 0xffff, "ULog: more than 65536 subscriptions");
  for (const Subscription& s : subscriptions_)
    KESTREL_CHECK(s.format_index != format_index || s.multi_id != multi_id,
                  "ULog subscribe: format and multi_id subscribed twice");
  data_section_ = true;
  const Format& f = formats_[format_index];
  const auto msg_id = static_cast<uint16_t>(subscriptions_.size());
  begin_message('A', 3 + f.name.size());
  put_u8(multi_id);
  put_u16(msg_id);
  put(f.name.data(), f.name.size());
  subscriptions_.push_back({format_index, multi_id, f.size, 0});
  return msg_id;
}

void UlogWriter::write(int msg_id, const void* payload, std::size_t size) {
  KESTREL_CHECK(msg_id >= 0 && msg_id < static_cast<int>(subscriptions_.size()),
                "ULog write: unknown msg_id");
  Subscription& sub = subscriptions_[msg_id];
  KESTREL_CHECK(size == sub.size, "ULog write: payload size differs from the format's size");
  const uint64_t t = load<uint64_t>(static_cast<const uint8_t*>(payload));
  KESTREL_CHECK(t >= sub.last_timestamp_us, "ULog write: timestamp went backwards");
  sub.last_timestamp_us = t;
  // One resize and straight stores: no allocation once the buffer has reached its working size.
  const std::size_t at = buf_.size();
  buf_.resize(at + kMessageHeaderSize + 2 + size);
  uint8_t* p = buf_.data() + at;
  const auto body = static_cast<uint16_t>(size + 2);
  const auto id = static_cast<uint16_t>(msg_id);
  std::memcpy(p, &body, 2);
  p[2] = 'D';
  std::memcpy(p + 3, &id, 2);
  std::memcpy(p + 5, payload, size);
}

void UlogWriter::log_string(uint8_t level, uint64_t timestamp_us, std::string_view text) {
  KESTREL_CHECK(level <= 7, "ULog log level must be 0..7");
  data_section_ = true;
  const std::size_t n = std::min(text.size(), kMaxBody - 9);  // a longer text is cut
  begin_message('L', 9 + n);
  put_u8(static_cast<uint8_t>('0' + level));
  put_u64(timestamp_us);
  put(text.data(), n);
}

Status UlogWriter::flush(bool fsync_file) {
  if (file_ == nullptr) return std::monostate{};
  if (!buf_.empty()) {
    const std::size_t n = std::fwrite(buf_.data(), 1, buf_.size(), file_);
    written_ += n;
    if (n != buf_.size()) {
      buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(n));
      return Error{path_ + ": write failed: " + std::strerror(errno)};
    }
    buf_.clear();  // keeps its capacity
  }
  if (std::fflush(file_) != 0) return Error{path_ + ": write failed: " + std::strerror(errno)};
  if (fsync_file && ::fsync(::fileno(file_)) != 0)
    return Error{path_ + ": fsync failed: " + std::strerror(errno)};
  return std::monostate{};
}

Status UlogWriter::close() {
  if (file_ == nullptr) return std::monostate{};
  Status s = flush();
  const bool close_ok = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!s.ok()) return s;
  if (!close_ok) return Error{path_ + ": close failed: " + std::strerror(errno)};
  return std::monostate{};
}

// ---- Reader -----------------------------------------------------------------------------------

namespace {

// A field of an 'F' message as written: the type may name another format.
struct RawField {
  std::string type;
  int array_size;  // 0: scalar
  std::string name;
};
struct RawFormat {
  std::string name;
  std::vector<RawField> fields;
  std::size_t offset;  // of its 'F' message, for errors
};

class Parser {
 public:
  Parser(const uint8_t* p, std::size_t n, const std::string& name) : p_(p), n_(n), name_(name) {}

  Result<UlogFile> run() {
    if (auto e = parse(); e) return std::move(*e);
    return std::move(out_);
  }

 private:
  Error error(std::size_t offset, const std::string& what) const {
    return Error{name_ + ": byte " + std::to_string(offset) + ": " + what};
  }

  std::optional<Error> parse() {
    // Header.
    const std::size_t m = std::min(n_, sizeof(kMagic));
    if (n_ == 0 || std::memcmp(p_, kMagic, m) != 0) return error(0, "not a ULog file (bad magic)");
    if (n_ < kHeaderSize) return error(n_, "file ends inside the 16-byte ULog header");
    out_.version = p_[7];
    if (out_.version > 1)
      return error(7, "unsupported ULog version " + std::to_string(out_.version));
    out_.start_timestamp_us = load<uint64_t>(p_ + 8);

    std::size_t pos = kHeaderSize;
    std::size_t seg_end = n_;  // end of the current stretch of messages (appended data)
    std::size_t next_append = 0;
    bool first = true;
    for (;;) {
      if (pos == seg_end && seg_end == n_) break;
      // A message that does not fit in its stretch: the file (or the main log, before appended
      // data) was cut there.
      bool fits = seg_end - pos >= kMessageHeaderSize;
      std::size_t body_size = 0;
      if (fits) {
        body_size = load<uint16_t>(p_ + pos);
        fits = seg_end - pos - kMessageHeaderSize >= body_size;
        // The first message of the data section ends the definitions, even when it is cut.
        if (definitions_ && is_data_section_type(p_[pos + 2])) {
          if (auto e = resolve_formats(); e) return e;
          definitions_ = false;
        }
      }
      if (!fits) {
        if (definitions_)
          return error(pos, "file ends inside a message of the definitions section");
        if (seg_end == n_) {
          out_.truncated = true;
          break;
        }
        pos = seg_end;  // continue with the appended data
        seg_end = next_append < appended_.size() ? appended_[next_append] : n_;
        ++next_append;
        continue;
      }
      const uint8_t type = p_[pos + 2];
      const uint8_t* body = p_ + pos + kMessageHeaderSize;
      if (type == 'B') {
        if (!first) return error(pos, "flag bits message not first");
        if (auto e = flag_bits(pos, body, body_size); e) return e;
        if (!appended_.empty()) {  // the main log ends at the first appended offset
          seg_end = appended_[0];
          next_append = 1;
        }
      } else if (auto e = message(pos, type, body, body_size); e) {
        return e;
      }
      first = false;
      pos += kMessageHeaderSize + body_size;
    }
    if (definitions_) return resolve_formats();
    return std::nullopt;
  }

  static bool is_data_section_type(uint8_t t) {
    return t == 'A' || t == 'R' || t == 'D' || t == 'L' || t == 'C' || t == 'S' || t == 'O';
  }

  std::optional<Error> flag_bits(std::size_t pos, const uint8_t* b, std::size_t size) {
    if (size < kFlagBitsSize) return error(pos, "flag bits message shorter than 40 bytes");
    const uint8_t* incompat = b + 8;
    if ((incompat[0] & ~1u) != 0 ||
        std::any_of(incompat + 1, incompat + 8, [](uint8_t x) { return x != 0; }))
      return error(pos + 11, "unsupported incompatible flags");
    if ((incompat[0] & 1u) != 0) {
      std::size_t last = pos + kMessageHeaderSize + size;
      for (int i = 0; i < 3; ++i) {
        const uint64_t off = load<uint64_t>(b + 16 + 8 * i);
        if (off == 0) break;
        if (off < last || off > n_)
          return error(pos + 19 + 8 * i, "appended data offset out of order or past the end");
        appended_.push_back(static_cast<std::size_t>(off));
        last = static_cast<std::size_t>(off);
      }
    }
    return std::nullopt;
  }

  std::optional<Error> message(std::size_t pos, uint8_t type, const uint8_t* b, std::size_t size) {
    switch (type) {
      case 'F':
        if (!definitions_) return error(pos, "format message in the data section");
        return format(pos, b, size);
      case 'I':
      case 'M':
        return info(pos, type, b, size);
      case 'P':
      case 'Q':
        return parameter(pos, type, b, size);
      case 'A':
        return subscribe(pos, b, size);
      case 'R':
        if (size < 2) return error(pos, "unsubscribe message shorter than 2 bytes");
        if (!subscribed(load<uint16_t>(b))) return error(pos, "unsubscribe of an unknown msg_id");
        return std::nullopt;
      case 'D':
        return data(pos, b, size);
      case 'L':
      case 'C': {
        const std::size_t head = type == 'L' ? 9 : 11;
        if (size < head) return error(pos, "logged string message too short");
        uint8_t level = b[0];
        if (level >= '0' && level <= '7') level = static_cast<uint8_t>(level - '0');
        out_.strings.push_back({level, load<uint64_t>(b + head - 8),
                                std::string(reinterpret_cast<const char*>(b + head), size - head)});
        return std::nullopt;
      }
      case 'S':
        if (size < 8 || std::memcmp(b, kSyncMagic, 8) != 0)
          return error(pos, "bad synchronisation message");
        return std::nullopt;
      case 'O':
        if (size < 2) return error(pos, "dropout message shorter than 2 bytes");
        out_.dropouts_ms.push_back(load<uint16_t>(b));
        return std::nullopt;
      case 'B':
        return error(pos, "flag bits message not first");
      default:
        // Future message types are upper-case letters and must be skipped; anything else means
        // we are not reading messages any more.
        if (type >= 'A' && type <= 'Z') return std::nullopt;
        return error(pos + 2, "garbage: message type byte " + std::to_string(type));
    }
  }

  // "type name" or "type[n] name".
  static bool parse_typed_name(std::string_view s, std::string& type, int& n, std::string& name) {
    const std::size_t sp = s.find(' ');
    if (sp == std::string_view::npos || s.find(' ', sp + 1) != std::string_view::npos) return false;
    std::string_view t = s.substr(0, sp);
    name = std::string(s.substr(sp + 1));
    n = 0;
    if (const std::size_t br = t.find('['); br != std::string_view::npos) {
      if (t.back() != ']') return false;
      std::string_view digits = t.substr(br + 1, t.size() - br - 2);
      const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (r.ec != std::errc() || r.ptr != digits.data() + digits.size() || n <= 0 || n > 65535)
        return false;
      t = t.substr(0, br);
    }
    type = std::string(t);
    return !type.empty() && !name.empty();
  }

  std::optional<Error> format(std::size_t pos, const uint8_t* b, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(b), size);
    const std::size_t colon = s.find(':');
    if (colon == std::string_view::npos) return error(pos, "format without ':'");
    RawFormat f{std::string(s.substr(0, colon)), {}, pos};
    if (!is_valid_message_name(f.name) || basic_type(f.name))
      return error(pos, "bad format name '" + f.name + "'");
    for (const RawFormat& g : raw_formats_)
      if (g.name == f.name) return error(pos, "format '" + f.name + "' defined twice");
    std::string_view rest = s.substr(colon + 1);
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      const std::string_view item = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      if (item.empty()) continue;
      RawField field;
      if (!parse_typed_name(item, field.type, field.array_size, field.name) ||
          !is_valid_field_name(field.name) || !is_valid_message_name(field.type))
        return error(pos, "bad field '" + std::string(item) + "' in format '" + f.name + "'");
      for (const RawField& g : f.fields)
        if (g.name == field.name)
          return error(pos, "field '" + field.name + "' twice in format '" + f.name + "'");
      f.fields.push_back(std::move(field));
    }
    if (f.fields.empty()) return error(pos, "format '" + f.name + "' has no fields");
    raw_formats_.push_back(std::move(f));
    return std::nullopt;
  }

  // Flattens every format into basic fields (nested formats become "outer.inner", arrays of them
  // "outer[i].inner"), once all 'F' messages are known.
  std::optional<Error> resolve_formats() {
    for (const RawFormat& f : raw_formats_) {
      UlogFormatDef def;
      def.name = f.name;
      if (auto e = flatten(f, "", 0, def); e) return e;
      const RawField& last = f.fields.back();
      if (is_padding(last.name) && basic_type(last.type))
        def.trailing_padding =
            ulog_type_size(*basic_type(last.type)) * std::max<std::size_t>(last.array_size, 1);
      out_.formats.push_back(std::move(def));
    }
    return std::nullopt;
  }

  std::optional<Error> flatten(const RawFormat& f, const std::string& prefix, int depth,
                               UlogFormatDef& def) {
    if (depth > 16) return error(f.offset, "format '" + f.name + "' nests too deep (circular?)");
    for (const RawField& rf : f.fields) {
      if (++flattened_fields_ > kMaxFlattenedFields)
        return error(f.offset, "formats too large when nested formats are expanded");
      if (const auto t = basic_type(rf.type)) {
        def.fields.push_back({*t, rf.array_size, prefix + rf.name});
        def.offsets.push_back(def.size);
        def.size += ulog_type_size(*t) * std::max<std::size_t>(rf.array_size, 1);
      } else {
        const RawFormat* inner = nullptr;
        for (const RawFormat& g : raw_formats_)
          if (g.name == rf.type) inner = &g;
        if (inner == nullptr)
          return error(f.offset, "format '" + f.name + "' uses unknown type '" + rf.type + "'");
        for (int i = 0; i < std::max(rf.array_size, 1); ++i) {
          const std::string p =
              prefix + rf.name + (rf.array_size > 0 ? "[" + std::to_string(i) + "]" : "") + ".";
          if (auto e = flatten(*inner, p, depth + 1, def); e) return e;
          if (def.size > kMaxBody) break;
        }
      }
      if (def.size > kMaxBody) return error(f.offset, "format '" + f.name + "' too large");
    }
    return std::nullopt;
  }

  static std::string value_text(UlogType t, const uint8_t* v, std::size_t count) {
    if (t == UlogType::kChar) return std::string(reinterpret_cast<const char*>(v), count);
    std::string s;
    for (std::size_t i = 0; i < count; ++i, v += ulog_type_size(t)) {
      if (i > 0) s += ",";
      switch (t) {
        case UlogType::kUint8:
          s += std::to_string(load<uint8_t>(v));
          break;
        case UlogType::kInt8:
          s += std::to_string(load<int8_t>(v));
          break;
        case UlogType::kUint16:
          s += std::to_string(load<uint16_t>(v));
          break;
        case UlogType::kInt16:
          s += std::to_string(load<int16_t>(v));
          break;
        case UlogType::kUint32:
          s += std::to_string(load<uint32_t>(v));
          break;
        case UlogType::kInt32:
          s += std::to_string(load<int32_t>(v));
          break;
        case UlogType::kUint64:
          s += std::to_string(load<uint64_t>(v));
          break;
        case UlogType::kInt64:
          s += std::to_string(load<int64_t>(v));
          break;
        case UlogType::kBool:
          s += load<uint8_t>(v) != 0 ? "true" : "false";
          break;
        case UlogType::kFloat:
        case UlogType::kDouble: {
          char buf[32];
          const double d = t == UlogType::kFloat ? load<float>(v) : load<double>(v);
          const auto r = std::to_chars(buf, buf + sizeof(buf), d);
          s.append(buf, r.ptr);
          break;
        }
        case UlogType::kChar:
          break;
      }
    }
    return s;
  }

  // 'I', 'M', 'P', 'Q' share [prefix bytes][key_len][key][value]; returns the value's place.
  struct KeyValue {
    UlogType type;
    int array_size;
    std::string name;
    const uint8_t* value;
    std::size_t value_size;
  };
  std::optional<Error> key_value(std::size_t pos, const uint8_t* b, std::size_t size,
                                 std::size_t prefix, KeyValue& kv) {
    if (size < prefix + 1) return error(pos, "key/value message too short");
    const std::size_t key_len = b[prefix];
    if (size < prefix + 1 + key_len) return error(pos, "key longer than its message");
    const std::string_view key(reinterpret_cast<const char*>(b + prefix + 1), key_len);
    std::string type;
    if (!parse_typed_name(key, type, kv.array_size, kv.name) || !basic_type(type) ||
        !is_valid_message_name(kv.name))
      return error(pos, "bad key '" + std::string(key) + "'");
    kv.type = *basic_type(type);
    kv.value = b + prefix + 1 + key_len;
    kv.value_size = size - prefix - 1 - key_len;
    if (kv.value_size != ulog_type_size(kv.type) * std::max<std::size_t>(kv.array_size, 1))
      return error(pos, "value of '" + std::string(key) + "' has " + std::to_string(kv.value_size) +
                            " bytes");
    return std::nullopt;
  }

  std::optional<Error> info(std::size_t pos, uint8_t type, const uint8_t* b, std::size_t size) {
    KeyValue kv;
    const std::size_t prefix = type == 'M' ? 1 : 0;
    if (auto e = key_value(pos, b, size, prefix, kv); e) return e;
    std::string text = value_text(kv.type, kv.value, std::max(kv.array_size, 1));
    if (type == 'I') {
      out_.info[kv.name] = std::move(text);
    } else {
      auto& parts = out_.info_multi[kv.name];
      if (b[0] != 0 && !parts.empty())
        parts.back() += text;
      else
        parts.push_back(std::move(text));
    }
    return std::nullopt;
  }

  std::optional<Error> parameter(std::size_t pos, uint8_t type, const uint8_t* b,
                                 std::size_t size) {
    KeyValue kv;
    if (auto e = key_value(pos, b, size, type == 'Q' ? 1 : 0, kv); e) return e;
    if (kv.array_size != 0 || (kv.type != UlogType::kFloat && kv.type != UlogType::kInt32))
      return error(pos, "parameter '" + kv.name + "' is not a float or int32_t");
    if (type == 'Q') return std::nullopt;  // defaults: checked, not kept
    const bool is_float = kv.type == UlogType::kFloat;
    if (!definitions_) {
      out_.param_changes.push_back(
          {kv.name, is_float ? load<float>(kv.value) : load<int32_t>(kv.value), pos});
    } else if (is_float) {
      out_.params[kv.name] = load<float>(kv.value);
    } else {
      out_.params_int[kv.name] = load<int32_t>(kv.value);
    }
    return std::nullopt;
  }

  bool subscribed(uint16_t msg_id) const { return sub_index_.count(msg_id) != 0; }

  std::optional<Error> subscribe(std::size_t pos, const uint8_t* b, std::size_t size) {
    if (size < 4) return error(pos, "subscription message too short");
    UlogSubscription s;
    s.multi_id = b[0];
    s.msg_id = load<uint16_t>(b + 1);
    s.format_name.assign(reinterpret_cast<const char*>(b + 3), size - 3);
    if (subscribed(s.msg_id))
      return error(pos, "msg_id " + std::to_string(s.msg_id) + " subscribed twice");
    s.format_index = -1;
    for (std::size_t i = 0; i < out_.formats.size(); ++i)
      if (out_.formats[i].name == s.format_name) s.format_index = static_cast<int>(i);
    if (s.format_index < 0)
      return error(pos, "subscription to unknown format '" + s.format_name + "'");
    for (const UlogSubscription& t : out_.subscriptions)
      if (t.format_name == s.format_name && t.multi_id == s.multi_id)
        return error(pos, "format '" + s.format_name + "' multi_id " + std::to_string(s.multi_id) +
                              " subscribed twice");
    const UlogFormatDef& f = out_.formats[s.format_index];
    bool has_timestamp = false;
    for (const UlogField& field : f.fields)
      has_timestamp |=
          field.name == "timestamp" && field.type == UlogType::kUint64 && field.array_size == 0;
    if (!has_timestamp)
      return error(pos, "subscribed format '" + f.name + "' has no uint64_t timestamp");
    sub_index_[s.msg_id] = out_.subscriptions.size();
    series_[s.msg_id] = &out_.data[s.msg_id];
    out_.subscriptions.push_back(std::move(s));
    return std::nullopt;
  }

  std::optional<Error> data(std::size_t pos, const uint8_t* b, std::size_t size) {
    if (size < 2) return error(pos, "data message shorter than 2 bytes");
    const uint16_t msg_id = load<uint16_t>(b);
    const auto it = sub_index_.find(msg_id);
    if (it == sub_index_.end())
      return error(pos, "data for unknown msg_id " + std::to_string(msg_id));
    const UlogFormatDef& f = out_.formats[out_.subscriptions[it->second].format_index];
    const std::size_t payload = size - 2;
    if (payload != f.size && payload != f.size - f.trailing_padding)
      return error(pos, "data message of " + std::to_string(payload) + " bytes for format '" +
                            f.name + "' of " + std::to_string(f.size) + " bytes");
    std::vector<uint8_t>& series = *series_[msg_id];
    series.insert(series.end(), b + 2, b + 2 + payload);
    series.resize(series.size() + (f.size - payload), 0);
    return std::nullopt;
  }

  const uint8_t* p_;
  std::size_t n_;
  const std::string& name_;
  UlogFile out_;
  bool definitions_ = true;
  std::vector<RawFormat> raw_formats_;
  static constexpr std::size_t kMaxFlattenedFields = 1 << 20;
  std::size_t flattened_fields_ = 0;
  std::vector<std::size_t> appended_;
  std::map<uint16_t, std::size_t> sub_index_;         // msg_id -> out_.subscriptions index
  std::map<uint16_t, std::vector<uint8_t>*> series_;  // msg_id -> out_.data entry
};

}  // namespace

Result<UlogFile> parse_ulog(const uint8_t* bytes, std::size_t size, const std::string& name) {
  return Parser(bytes, size, name).run();
}

Result<UlogFile> read_ulog(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Error{path + ": cannot open: " + std::strerror(errno)};
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), f)) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Error{path + ": read failed"};
  return parse_ulog(bytes.data(), bytes.size(), path);
}

// ---- UlogFile accessors -----------------------------------------------------------------------

const UlogFormatDef* UlogFile::format(const std::string& name) const {
  for (const UlogFormatDef& f : formats)
    if (f.name == name) return &f;
  return nullptr;
}

const UlogSubscription* UlogFile::subscription(const std::string& topic, uint8_t multi_id) const {
  for (const UlogSubscription& s : subscriptions)
    if (s.format_name == topic && s.multi_id == multi_id) return &s;
  return nullptr;
}

std::size_t UlogFile::message_count(uint16_t msg_id) const {
  const auto it = data.find(msg_id);
  if (it == data.end()) return 0;
  for (const UlogSubscription& s : subscriptions)
    if (s.msg_id == msg_id) return it->second.size() / formats[s.format_index].size;
  return 0;
}

namespace {

// Where one field (or array element) of a topic lives.
struct FieldRef {
  const UlogFormatDef* format;
  const std::vector<uint8_t>* series;
  UlogType type;
  std::size_t offset;
  int array_size;  // of the field found (before indexing)
};

Result<FieldRef> find_field(const UlogFile& file, const std::string& topic, uint8_t multi_id,
                            const std::string& field, bool want_array) {
  const UlogSubscription* s = file.subscription(topic, multi_id);
  if (s == nullptr)
    return Error{"no topic '" + topic + "' with multi_id " + std::to_string(multi_id)};
  const UlogFormatDef& f = file.formats[s->format_index];
  std::string name = field;
  int index = -1;
  if (!want_array && name.ends_with("]")) {
    const std::size_t br = name.rfind('[');
    if (br != std::string::npos) {
      const char* first = name.data() + br + 1;
      const char* last = name.data() + name.size() - 1;
      const auto r = std::from_chars(first, last, index);
      if (r.ec != std::errc() || r.ptr != last || index < 0)
        return Error{"bad array index in '" + field + "'"};
      name.resize(br);
    }
  }
  for (std::size_t i = 0; i < f.fields.size(); ++i) {
    const UlogField& fd = f.fields[i];
    if (fd.name != name) continue;
    FieldRef ref{&f, nullptr, fd.type, f.offsets[i], fd.array_size};
    static const std::vector<uint8_t> kEmpty;
    const auto it = file.data.find(s->msg_id);
    ref.series = it == file.data.end() ? &kEmpty : &it->second;
    if (want_array) return ref;
    if (index >= 0) {
      if (index >= fd.array_size)
        return Error{"index out of range in '" + field + "' of '" + topic + "'"};
      ref.offset += ulog_type_size(fd.type) * static_cast<std::size_t>(index);
    } else if (fd.array_size > 0) {
      return Error{"field '" + field + "' of '" + topic + "' is an array: name an element"};
    }
    return ref;
  }
  return Error{"topic '" + topic + "' has no field '" + field + "'"};
}

double as_double(UlogType t, const uint8_t* v) {
  switch (t) {
    case UlogType::kUint8:
      return load<uint8_t>(v);
    case UlogType::kInt8:
      return load<int8_t>(v);
    case UlogType::kUint16:
      return load<uint16_t>(v);
    case UlogType::kInt16:
      return load<int16_t>(v);
    case UlogType::kUint32:
      return load<uint32_t>(v);
    case UlogType::kInt32:
      return load<int32_t>(v);
    case UlogType::kUint64:
      return static_cast<double>(load<uint64_t>(v));
    case UlogType::kInt64:
      return static_cast<double>(load<int64_t>(v));
    case UlogType::kFloat:
      return load<float>(v);
    case UlogType::kDouble:
      return load<double>(v);
    case UlogType::kBool:
      return load<uint8_t>(v) != 0 ? 1.0 : 0.0;
    case UlogType::kChar:
      return load<uint8_t>(v);
  }
  return 0;
}

}  // namespace

Result<std::vector<double>> UlogFile::field(const std::string& topic, uint8_t multi_id,
                                            const std::string& field) const {
  auto ref = find_field(*this, topic, multi_id, field, false);
  if (!ref.ok()) return ref.error();
  const FieldRef& r = ref.value();
  std::vector<double> values;
  const std::size_t n = r.series->size() / r.format->size;
  values.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    values.push_back(as_double(r.type, r.series->data() + i * r.format->size + r.offset));
  return values;
}

Result<std::vector<uint64_t>> UlogFile::timestamps(const std::string& topic,
                                                   uint8_t multi_id) const {
  auto ref = find_field(*this, topic, multi_id, "timestamp", false);
  if (!ref.ok()) return ref.error();
  const FieldRef& r = ref.value();
  std::vector<uint64_t> values;
  const std::size_t n = r.series->size() / r.format->size;
  values.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    values.push_back(load<uint64_t>(r.series->data() + i * r.format->size + r.offset));
  return values;
}

Result<std::vector<std::string>> UlogFile::text_field(const std::string& topic, uint8_t multi_id,
                                                      const std::string& field) const {
  auto ref = find_field(*this, topic, multi_id, field, true);
  if (!ref.ok()) return ref.error();
  const FieldRef& r = ref.value();
  if (r.type != UlogType::kChar)
    return Error{"field '" + field + "' of '" + topic + "' is not char[n]"};
  std::vector<std::string> values;
  const std::size_t n = r.series->size() / r.format->size;
  const std::size_t len = static_cast<std::size_t>(std::max(r.array_size, 1));
  for (std::size_t i = 0; i < n; ++i) {
    const char* s = reinterpret_cast<const char*>(r.series->data() + i * r.format->size + r.offset);
    values.emplace_back(s, strnlen(s, len));
  }
  return values;
}

}  // namespace kestrel
