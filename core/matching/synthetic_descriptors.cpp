#include "matching/synthetic_descriptors.h"

#include <cmath>
#include <numbers>

#include "matching/parallel_runner.h"

namespace facecase {

namespace {

constexpr int kDims = Descriptor::kSize;

// Square roots of the covariance eigenvalues of 3,687 real descriptors (LFW devtest, plain
// mode), largest first. The last ~50 are ~0: the network's output lives in ~77 dimensions.
constexpr std::array<float, kDims> kSigma = {
    0.1850f, 0.1515f, 0.1298f, 0.1263f, 0.1172f, 0.1131f, 0.1075f, 0.0973f, 0.0944f, 0.0907f,
    0.0880f, 0.0858f, 0.0831f, 0.0827f, 0.0797f, 0.0769f, 0.0756f, 0.0742f, 0.0723f, 0.0702f,
    0.0699f, 0.0670f, 0.0660f, 0.0655f, 0.0636f, 0.0626f, 0.0622f, 0.0620f, 0.0608f, 0.0593f,
    0.0573f, 0.0563f, 0.0546f, 0.0545f, 0.0538f, 0.0531f, 0.0526f, 0.0523f, 0.0510f, 0.0509f,
    0.0498f, 0.0493f, 0.0475f, 0.0474f, 0.0466f, 0.0463f, 0.0455f, 0.0446f, 0.0439f, 0.0434f,
    0.0426f, 0.0413f, 0.0409f, 0.0404f, 0.0398f, 0.0392f, 0.0381f, 0.0376f, 0.0374f, 0.0366f,
    0.0360f, 0.0349f, 0.0345f, 0.0336f, 0.0329f, 0.0324f, 0.0318f, 0.0304f, 0.0298f, 0.0295f,
    0.0284f, 0.0275f, 0.0270f, 0.0243f, 0.0213f, 0.0190f, 0.0138f, 0.0024f, 0.0009f, 0.0006f,
    0.0004f, 0.0002f, 0.0002f, 0.0002f, 0.0002f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f,
    0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f,
    0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f,
    0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f,
    0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f, 0.0001f};
constexpr double kMeanNorm = 1.30;

// Stream domains, so that faces, mates and the model's own constants never share random numbers.
constexpr std::uint64_t kFaceDomain = 0x0123456789abcdefULL;
constexpr std::uint64_t kMateDomain = 0xfedcba9876543210ULL;
constexpr std::uint64_t kModelDomain = 0x5a5a5a5a5a5a5a5aULL;

// SplitMix64: tiny, fast, statistically sound for this use, and identical everywhere.
class SplitMix {
public:
    explicit SplitMix(std::uint64_t state) : m_state(state) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in (0, 1]: never 0, so log() below is finite.
    double uniform() { return double((next() >> 11) + 1) * 0x1.0p-53; }
    // Standard normal pairs by Box-Muller.
    void normalPair(double& a, double& b) {
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double t = 2.0 * std::numbers::pi * uniform();
        a = r * std::cos(t);
        b = r * std::sin(t);
    }

private:
    std::uint64_t m_state;
};

std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t domain, std::uint64_t index) {
    SplitMix mix(seed ^ domain);
    return mix.next() ^ (index * 0xd1b54a32d192ed03ULL);
}

// In-place normalised Walsh-Hadamard transform: orthogonal, O(d log d).
void hadamard(double* v) {
    for (int h = 1; h < kDims; h *= 2)
        for (int i = 0; i < kDims; i += 2 * h)
            for (int j = i; j < i + h; ++j) {
                const double a = v[j], b = v[j + h];
                v[j] = a + b;
                v[j + h] = a - b;
            }
    const double scale = 1.0 / std::sqrt(double(kDims));
    for (int i = 0; i < kDims; ++i) v[i] *= scale;
}

}  // namespace

SyntheticDescriptors::SyntheticDescriptors(std::uint64_t seed) : m_seed(seed) {
    SplitMix mix(streamSeed(seed, kModelDomain, 0));
    double mean[kDims];
    double norm = 0;
    for (int i = 0; i < kDims; i += 2) mix.normalPair(mean[i], mean[i + 1]);
    for (double m : mean) norm += m * m;
    norm = std::sqrt(norm);
    for (int i = 0; i < kDims; ++i) m_mean[std::size_t(i)] = float(mean[i] / norm * kMeanNorm);
    for (float& s : m_signs) s = (mix.next() >> 63) ? -1.0f : 1.0f;
}

void SyntheticDescriptors::deviation(std::uint64_t stream, float* out) const {
    SplitMix mix(stream);
    double v[kDims];
    for (int i = 0; i < kDims; i += 2) mix.normalPair(v[i], v[i + 1]);
    for (int i = 0; i < kDims; ++i)
        v[i] *= double(kSigma[std::size_t(i)]) * double(m_signs[std::size_t(i)]);
    hadamard(v);
    for (int i = 0; i < kDims; ++i) out[i] = float(v[i]);
}

void SyntheticDescriptors::fill(std::uint64_t first, std::size_t count, float* out) const {
    for (std::size_t r = 0; r < count; ++r) {
        float* row = out + r * kDims;
        deviation(streamSeed(m_seed, kFaceDomain, first + r), row);
        for (int i = 0; i < kDims; ++i) row[i] += m_mean[std::size_t(i)];
    }
}

Descriptor SyntheticDescriptors::descriptor(std::uint64_t index) const {
    Descriptor d;
    fill(index, 1, d.values.data());
    return d;
}

std::vector<float> SyntheticDescriptors::matrix(std::size_t count, int threads) const {
    std::vector<float> values(count * kDims);
    const int parts = std::max(1, std::min(threads, int(count / 4096) + 1));
    ParallelRunner::run(parts, [&](int part) {
        const std::size_t begin = count * std::size_t(part) / std::size_t(parts);
        const std::size_t end = count * std::size_t(part + 1) / std::size_t(parts);
        fill(begin, end - begin, values.data() + begin * kDims);
    });
    return values;
}

Descriptor SyntheticDescriptors::mate(const float* row, double distance,
                                      std::uint64_t variant) const {
    float direction[kDims];
    deviation(streamSeed(m_seed, kMateDomain, variant), direction);
    double norm = 0;
    for (float v : direction) norm += double(v) * double(v);
    const double scale = distance / std::sqrt(norm);
    Descriptor d;
    for (int i = 0; i < kDims; ++i)
        d.values[std::size_t(i)] = float(double(row[i]) + double(direction[i]) * scale);
    return d;
}

double SyntheticDescriptors::mateDistance(std::uint64_t variant) {
    SplitMix mix(streamSeed(0, kMateDomain, variant));
    return 0.30 + 0.10 * mix.uniform();
}

double SyntheticDescriptors::typicalImpostorDistance() {
    double variance = 0;
    for (float s : kSigma) variance += double(s) * double(s);
    return std::sqrt(2.0 * variance);
}

}  // namespace facecase
