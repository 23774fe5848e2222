#include "modelfiles/shallow_json.hpp"

#include <vector>

namespace cairn::modelfiles {
namespace {

constexpr int kMaxDepth = 256;

/// A SAX handler that builds the document down to keep_depth and only counts levels below it.
class ShallowBuilder {
 public:
  explicit ShallowBuilder(int keep_depth) : keep_depth_(keep_depth) {}

  nlohmann::json& root() { return root_; }
  const std::string& error() const { return error_; }

  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(nlohmann::json::number_integer_t v) { return put(v); }
  bool number_unsigned(nlohmann::json::number_unsigned_t v) { return put(v); }
  bool number_float(nlohmann::json::number_float_t v, const std::string&) { return put(v); }
  bool string(std::string& v) { return put(std::move(v)); }
  bool binary(nlohmann::json::binary_t& v) { return put(nlohmann::json::binary(std::move(v))); }
  bool start_object(std::size_t) { return open(nlohmann::json::object()); }
  bool start_array(std::size_t) { return open(nlohmann::json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& k) {
    if (depth_ <= keep_depth_) key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& e) {
    error_ = e.what();
    (void)position;
    return false;
  }

 private:
  /// Stores a value in the innermost kept container; the new value's address when it is kept.
  nlohmann::json* place(nlohmann::json value) {
    if (depth_ > keep_depth_) return nullptr;
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    auto& parent = *stack_.back();
    if (parent.is_object()) return &(parent[key_] = std::move(value));
    parent.push_back(std::move(value));
    return &parent.back();
  }

  bool put(nlohmann::json value) {
    place(std::move(value));
    return true;
  }

  bool open(nlohmann::json container) {
    if (++depth_ > kMaxDepth) {
      error_ = "nested deeper than " + std::to_string(kMaxDepth) + " levels";
      return false;
    }
    // A container deeper than keep_depth becomes null in its parent (when the parent is kept).
    --depth_;
    auto* kept = place(depth_ < keep_depth_ ? std::move(container) : nlohmann::json(nullptr));
    ++depth_;
    if (depth_ <= keep_depth_) stack_.push_back(kept);
    return true;
  }

  bool close() {
    if (depth_ <= keep_depth_) stack_.pop_back();
    --depth_;
    return true;
  }

  int keep_depth_;
  int depth_ = 0;  ///< containers open around the current position
  nlohmann::json root_;
  std::vector<nlohmann::json*> stack_;  ///< the kept open containers, innermost last
  std::string key_;
  std::string error_;
};

}  // namespace

std::optional<nlohmann::json> parse_shallow_json(std::string_view data, JsonEncoding encoding, int keep_depth,
                                                 std::string& error) {
  ShallowBuilder builder(keep_depth);
  bool ok = false;
  try {
    ok = encoding == JsonEncoding::text
             ? nlohmann::json::sax_parse(data.begin(), data.end(), &builder)
             : nlohmann::json::sax_parse(data.begin(), data.end(), &builder, nlohmann::json::input_format_t::ubjson);
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
  if (!ok) {
    error = builder.error().empty() ? "does not parse" : builder.error();
    return std::nullopt;
  }
  return std::move(builder.root());
}

}  // namespace cairn::modelfiles
