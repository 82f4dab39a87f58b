#include "matching/content_checksum.h"

#include <algorithm>
#include <cstring>

namespace facecase {

namespace {

constexpr std::uint64_t kP1 = 11400714785074694791ULL;
constexpr std::uint64_t kP2 = 14029467366897019727ULL;
constexpr std::uint64_t kP3 = 1609587929392839161ULL;
constexpr std::uint64_t kP4 = 9650029242287828579ULL;
constexpr std::uint64_t kP5 = 2870177450012600261ULL;

std::uint64_t rotl(std::uint64_t x, int r) {
    return (x << r) | (x >> (64 - r));
}

std::uint64_t read64(const unsigned char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);  // little-endian x86: the byte order XXH64 is defined in
    return v;
}

std::uint32_t read32(const unsigned char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

std::uint64_t round(std::uint64_t acc, std::uint64_t input) {
    acc += input * kP2;
    acc = rotl(acc, 31);
    return acc * kP1;
}

std::uint64_t mergeRound(std::uint64_t acc, std::uint64_t value) {
    acc ^= round(0, value);
    return acc * kP1 + kP4;
}

}  // namespace

ContentChecksum::ContentChecksum(std::uint64_t seed)
    : m_seed(seed), m_acc{seed + kP1 + kP2, seed + kP2, seed, seed - kP1}, m_buffer{} {}

void ContentChecksum::consumeStripe(const unsigned char* p) {
    for (int i = 0; i < 4; ++i) m_acc[i] = round(m_acc[i], read64(p + 8 * i));
}

void ContentChecksum::add(const void* data, std::size_t bytes) {
    if (bytes == 0) return;  // data may be null then (an empty vector's data())
    const auto* p = static_cast<const unsigned char*>(data);
    m_total += bytes;
    if (m_buffered > 0) {
        const std::size_t take = std::min(bytes, sizeof m_buffer - m_buffered);
        std::memcpy(m_buffer + m_buffered, p, take);
        m_buffered += take;
        p += take;
        bytes -= take;
        if (m_buffered < sizeof m_buffer) return;
        consumeStripe(m_buffer);
        m_buffered = 0;
    }
    for (; bytes >= 32; p += 32, bytes -= 32) consumeStripe(p);
    std::memcpy(m_buffer, p, bytes);
    m_buffered = bytes;
}

std::uint64_t ContentChecksum::value() const {
    std::uint64_t h;
    if (m_total >= 32) {
        h = rotl(m_acc[0], 1) + rotl(m_acc[1], 7) + rotl(m_acc[2], 12) + rotl(m_acc[3], 18);
        for (std::uint64_t acc : m_acc) h = mergeRound(h, acc);
    } else {
        h = m_seed + kP5;
    }
    h += m_total;
    const unsigned char* p = m_buffer;
    std::size_t left = m_buffered;
    for (; left >= 8; p += 8, left -= 8) {
        h ^= round(0, read64(p));
        h = rotl(h, 27) * kP1 + kP4;
    }
    if (left >= 4) {
        h ^= std::uint64_t(read32(p)) * kP1;
        h = rotl(h, 23) * kP2 + kP3;
        p += 4;
        left -= 4;
    }
    for (; left > 0; ++p, --left) {
        h ^= std::uint64_t(*p) * kP5;
        h = rotl(h, 11) * kP1;
    }
    h ^= h >> 33;
    h *= kP2;
    h ^= h >> 29;
    h *= kP3;
    h ^= h >> 32;
    return h;
}

std::uint64_t ContentChecksum::of(const void* data, std::size_t bytes, std::uint64_t seed) {
    ContentChecksum c(seed);
    c.add(data, bytes);
    return c.value();
}

}  // namespace facecase
