#pragma once

#include <cstddef>
#include <cstdint>

namespace facecase {

// XXH64 of a byte stream, fed in pieces of any size: detects corrupt or mismatched index files
// (not tampering: it is not a cryptographic hash). ~10 GB/s, so checking a 1,000,000-face HNSW
// file (~210 MB) costs ~20 ms where SHA-256 would cost ~0.5 s. Not thread-safe; cheap to create.
class ContentChecksum {
public:
    explicit ContentChecksum(std::uint64_t seed = 0);

    void add(const void* data, std::size_t bytes);
    std::uint64_t value() const;

    static std::uint64_t of(const void* data, std::size_t bytes, std::uint64_t seed = 0);

private:
    void consumeStripe(const unsigned char* p);

    std::uint64_t m_seed;
    std::uint64_t m_acc[4];
    unsigned char m_buffer[32];
    std::size_t m_buffered = 0;
    std::uint64_t m_total = 0;
};

}  // namespace facecase
