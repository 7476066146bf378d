#include "tools/loadgen-iso8583/answer_timeline.hpp"

#include <algorithm>

namespace switchyard::loadgen {

void answer_timeline::start(clock::time_point origin, std::chrono::milliseconds width) {
  origin_ = origin;
  width_ = width;
  slices_.clear();
}

answer_timeline::slice* answer_timeline::slice_at(clock::time_point at) {
  if (!is_enabled() || at < origin_)
    return nullptr;
  const auto index = static_cast<std::size_t>((at - origin_) / width_);
  if (index >= max_slices)
    return nullptr;
  if (index >= slices_.size())
    slices_.resize(index + 1);
  return &slices_[index];
}

void answer_timeline::record_answer(clock::time_point at, bool approved) {
  if (auto* s = slice_at(at))
    ++(approved ? s->approved : s->other);
}

void answer_timeline::record_unanswered(clock::time_point at, std::uint64_t count) {
  if (auto* s = slice_at(at))
    s->unanswered += count;
}

void answer_timeline::merge(const answer_timeline& other) {
  if (!other.is_enabled())
    return;
  if (!is_enabled()) {
    origin_ = other.origin_;
    width_ = other.width_;
  }
  slices_.resize(std::max(slices_.size(), other.slices_.size()));
  for (std::size_t i = 0; i < other.slices_.size(); ++i) {
    slices_[i].approved += other.slices_[i].approved;
    slices_[i].other += other.slices_[i].other;
    slices_[i].unanswered += other.slices_[i].unanswered;
  }
}

std::string answer_timeline::to_json(std::int64_t origin_unix_ms) const {
  const auto column = [this](std::uint64_t slice::*count) {
    std::string out = "[";
    for (std::size_t i = 0; i < slices_.size(); ++i) {
      if (i > 0)
        out += ',';
      out += std::to_string(slices_[i].*count);
    }
    out += ']';
    return out;
  };
  std::string out = "{\"origin_unix_ms\":";
  out.append(std::to_string(origin_unix_ms))
    .append(",\"slice_ms\":")
    .append(std::to_string(width_.count()))
    .append(",\"approved\":")
    .append(column(&slice::approved))
    .append(",\"other\":")
    .append(column(&slice::other))
    .append(",\"unanswered\":")
    .append(column(&slice::unanswered))
    .append("}");
  return out;
}

} // namespace switchyard::loadgen
