// PX4 ULog flight logs (.ulg): a writer for the recorder and a strict reader for tests, reports
// and exports. Format: https://docs.px4.io/main/en/dev_log/ulog_file_format.html — a 16-byte
// header (magic "ULog" 01 12 35, version 1, start timestamp), a definitions section ('B' flag
// bits, 'F' formats, 'I'/'M' info, 'P' parameters) and a data section ('A' subscriptions, 'D'
// data, 'L'/'C' logged strings, 'R', 'S', 'O'). Every message is [uint16 size][uint8 type][body],
// little endian, fields packed with no alignment.
//
// Laying out a C++ struct so that write() can take it directly (what src/sim/log_topics.h does):
//  - its fields are, in order, exactly the UlogFields given to add_format (same types, same array
//    sizes), the first being `uint64_t timestamp` (sim time [us]);
//  - it has no implicit padding: either wrap it in `#pragma pack(push, 1)` / `#pragma pack(pop)`
//    (the way we recommend, and what PX4 does), or order the fields naturally and fill every gap
//    with an explicit `uint8_t _paddingN[k]` field that is also listed in the format (readers hide
//    fields whose name starts with `_padding`). Both are supported; either way
//    sizeof(struct) == ulog_packed_size(fields), which write() checks on every call;
//  - it is trivially copyable, and the host is little endian (static_assert in ulog.cc).
// Nested formats (a field whose type is another format) are read, flattened to "outer.inner"
// basic fields, but never written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/result.h"

namespace kestrel {

// Success or an Error (core/result.h has only Result<T>; move this there when core grows one).
using Status = Result<std::monostate>;

enum class UlogType {
  kUint8,
  kInt8,
  kUint16,
  kInt16,
  kUint32,
  kInt32,
  kUint64,
  kInt64,
  kFloat,
  kDouble,
  kBool,
  kChar
};

struct UlogField {
  UlogType type;
  int array_size = 0;  // 0: scalar; n > 0: type[n]
  std::string name;    // [a-zA-Z0-9_]; "_padding..." is hidden by readers
};

std::size_t ulog_type_size(UlogType type);  // bytes of one element
const char* ulog_type_name(UlogType type);  // the ULog spelling: "uint8_t", "float", "char", ...
// Bytes of one message of these fields: the sum of element size × max(array_size, 1), no padding.
std::size_t ulog_packed_size(const std::vector<UlogField>& fields);

// Syslog levels for log_string(), 0 (emergency) .. 7 (debug).
inline constexpr uint8_t kUlogEmergency = 0, kUlogAlert = 1, kUlogCritical = 2, kUlogError = 3,
                         kUlogWarning = 4, kUlogNotice = 5, kUlogInfo = 6, kUlogDebug = 7;

// Writes one .ulg file. Call add_info/add_parameter/add_format first (the definitions section),
// then subscribe/write/log_string (the data section); a definition after the data section has
// started, a wrong payload size, a bad name or a timestamp going backwards is a broken invariant
// (KESTREL_CHECK aborts). Messages are buffered in memory; flush() hands them to the file, so a
// process killed at any moment leaves a file that ends at its last flush (or, if the OS wrote a
// partial buffer, inside a message, which read_ulog reports as truncated). Output depends only
// on the calls made: no wall-clock time, host name or path goes in, so identical calls give
// byte-identical files.
class UlogWriter {
 public:
  // Opens (truncates) path and buffers the header (start timestamp 0) and the 'B' message.
  static Result<std::unique_ptr<UlogWriter>> open(const std::string& path);
  ~UlogWriter();  // flushes and closes; an I/O error here is lost (call close() to see it)
  UlogWriter(const UlogWriter&) = delete;
  UlogWriter& operator=(const UlogWriter&) = delete;

  // 'I' message `char[len] key` = value. Definitions section only; each key once.
  void add_info(const std::string& key, const std::string& value);
  // 'P' message `float name` = value. Definitions section only; each name once.
  void add_parameter(const std::string& name, float value);
  // 'F' message `name:type field;...`. The first field must be the scalar uint64 `timestamp`
  // (sim time [us]). Returns the format index for subscribe(). Definitions section only.
  int add_format(const std::string& name, const std::vector<UlogField>& fields);
  // 'A' message: one instance (multi_id: 0, 1, ... e.g. one per aircraft) of a format. Returns
  // the msg_id for write() (0, 1, 2, ... in call order). Starts the data section.
  int subscribe(int format_index, uint8_t multi_id);
  // 'D' message. size must equal the format's packed size; the payload starts with its uint64
  // timestamp, which must not decrease from one write to the next of the same msg_id. Allocates
  // nothing once the buffer has grown to the largest amount written between two flushes.
  void write(int msg_id, const void* payload, std::size_t size);
  template <typename T>
  void write(int msg_id, const T& message) {
    static_assert(std::is_trivially_copyable_v<T>, "ULog messages are copied byte for byte");
    write(msg_id, &message, sizeof(T));
  }
  // 'L' message: level 0..7 (kUlogInfo ...; stored as the ASCII digit, as PX4 does), sim time.
  void log_string(uint8_t level, uint64_t timestamp_us, std::string_view text);

  // Writes the buffered bytes to the file (fwrite + fflush; fsync too when asked).
  Status flush(bool fsync_file = false);
  // Flushes and closes the file; later calls do nothing. The destructor calls it too.
  Status close();

  std::size_t buffered_bytes() const { return buf_.size(); }
  uint64_t bytes_written() const { return written_; }  // handed to the file so far

 private:
  UlogWriter(std::FILE* file, std::string path);
  void begin_message(uint8_t type, std::size_t body_size);
  void put(const void* bytes, std::size_t n);
  void put_u8(uint8_t v) { buf_.push_back(v); }
  void put_u16(uint16_t v);
  void put_u64(uint64_t v);

  // An allocator whose resize() leaves new bytes uninitialised: write() grows the buffer by a
  // message and fills it at once, so zeroing it first would only double the stores.
  struct UninitialisedBytes : std::allocator<uint8_t> {
    using value_type = uint8_t;
    UninitialisedBytes() = default;
    template <class U>
    struct rebind {
      using other =
          std::conditional_t<std::is_same_v<U, uint8_t>, UninitialisedBytes, std::allocator<U>>;
    };
    void construct(uint8_t* p) noexcept { ::new (static_cast<void*>(p)) uint8_t; }
    void construct(uint8_t* p, uint8_t v) noexcept { ::new (static_cast<void*>(p)) uint8_t(v); }
  };

  std::FILE* file_;
  std::string path_;  // for error messages only
  std::vector<uint8_t, UninitialisedBytes> buf_;
  uint64_t written_ = 0;
  bool data_section_ = false;
  struct Format {
    std::string name;
    std::size_t size;
  };
  std::vector<Format> formats_;
  struct Subscription {
    int format_index;
    uint8_t multi_id;
    std::size_t size;
    uint64_t last_timestamp_us;
  };
  std::vector<Subscription> subscriptions_;  // by msg_id
  std::vector<std::string> info_keys_, param_names_;
};

// ---- Reading ----------------------------------------------------------------------------------

struct UlogFormatDef {
  std::string name;
  std::vector<UlogField> fields;     // flattened: nested formats appear as "outer.inner" fields
  std::vector<std::size_t> offsets;  // byte offset of each field in a message
  std::size_t size = 0;              // packed size of one message [bytes]
  std::size_t trailing_padding = 0;  // bytes of a last `_padding` field a writer may leave out
};

struct UlogSubscription {
  uint16_t msg_id;
  uint8_t multi_id;
  std::string format_name;
  int format_index;  // into UlogFile::formats
};

struct UlogLogString {
  uint8_t level;  // 0..7 (the ASCII digit of the file decoded; other bytes kept as they are)
  uint64_t timestamp_us;
  std::string text;
};

struct UlogParamChange {  // a 'P' message in the data section
  std::string name;
  double value;
  std::size_t file_offset;
};

struct UlogFile {
  uint8_t version = 0;
  uint64_t start_timestamp_us = 0;          // the header's timestamp
  std::map<std::string, std::string> info;  // 'I': char arrays as text, numbers as decimal text
  std::map<std::string, std::vector<std::string>> info_multi;  // 'M', continued parts joined
  std::map<std::string, float> params;                         // float 'P' (definitions)
  std::map<std::string, int32_t> params_int;                   // int32_t 'P' (definitions)
  std::vector<UlogParamChange> param_changes;                  // 'P' in the data section
  std::vector<UlogFormatDef> formats;
  std::vector<UlogSubscription> subscriptions;  // in file order
  // msg_id -> its 'D' payloads back to back, each exactly its format's size (a trailing padding
  // field the writer left out is zero-filled).
  std::map<uint16_t, std::vector<uint8_t>> data;
  std::vector<UlogLogString> strings;  // 'L' and 'C', in file order
  std::vector<uint16_t> dropouts_ms;   // 'O'
  // The file ends inside a message of the data section (a writer killed mid-write): everything
  // before that message is kept.
  bool truncated = false;

  const UlogFormatDef* format(const std::string& name) const;
  const UlogSubscription* subscription(const std::string& topic, uint8_t multi_id) const;
  std::size_t message_count(uint16_t msg_id) const;
  // The values of one numeric or bool field of every message of topic/multi_id, as double, in
  // file order. `field` is a scalar name ("alt_m", "timestamp") or an array element ("force[3]").
  Result<std::vector<double>> field(const std::string& topic, uint8_t multi_id,
                                    const std::string& field) const;
  // The timestamps [us] of the messages of topic/multi_id.
  Result<std::vector<uint64_t>> timestamps(const std::string& topic, uint8_t multi_id) const;
  // The text of a char[n] field of every message (up to its first NUL).
  Result<std::vector<std::string>> text_field(const std::string& topic, uint8_t multi_id,
                                              const std::string& field) const;
};

// Reads a whole .ulg file strictly. Errors ("PATH: byte N: reason"): not a ULog file (bad magic),
// unsupported version (> 1) or incompatible flags, a file ending inside the header or the
// definitions section, a malformed format or key, a subscription to an unknown format, data for
// an unknown msg_id, a message whose size disagrees with its format, a bad sync magic, a message
// type that is not an upper-case letter (garbage). Unknown upper-case message types are skipped
// as the spec asks. A file that ends inside a message of the data section is not an error:
// UlogFile::truncated is set.
Result<UlogFile> read_ulog(const std::string& path);
// The same, from bytes in memory; `name` stands for the path in messages.
Result<UlogFile> parse_ulog(const uint8_t* bytes, std::size_t size, const std::string& name);

}  // namespace kestrel
