#include "embedding/resnet_weights.h"

#include "embedding/resnet_architecture.h"

namespace facecase {

bool ConvWeights::isConsistent() const {
    if (kernel <= 0 || inChannels <= 0 || outChannels <= 0) return false;
    const auto out = std::size_t(outChannels);
    return filtersHwio.size() == std::size_t(kernel) * std::size_t(kernel) *
                                     std::size_t(inChannels) * out &&
           bias.size() == out && scaleWeights.size() == out && scaleBiases.size() == out;
}

namespace {

QString convMismatch(const ConvWeights& conv, const QString& name, int kernel, int in, int out) {
    if (conv.name != name) return QStringLiteral("expected %1, found %2").arg(name, conv.name);
    if (conv.kernel != kernel || conv.inChannels != in || conv.outChannels != out)
        return QStringLiteral("%1: %2x%2 %3->%4, expected %5x%5 %6->%7")
            .arg(name).arg(conv.kernel).arg(conv.inChannels).arg(conv.outChannels)
            .arg(kernel).arg(in).arg(out);
    if (!conv.isConsistent()) return name + QStringLiteral(": tensor sizes do not match its shape");
    return {};
}

}  // namespace

QString ResNetWeights::architectureMismatch() const {
    using A = ResNetArchitecture;
    QString problem = convMismatch(stem, QStringLiteral("conv32_down"), A::kStemKernel, 3,
                                   A::kStemChannels);
    if (!problem.isEmpty()) return problem;
    if (units.size() != A::kUnits.size())
        return QStringLiteral("%1 residual units, expected %2").arg(units.size()).arg(A::kUnits.size());
    int channels = A::kStemChannels;
    for (std::size_t i = 0; i < units.size(); ++i) {
        const auto& expected = A::kUnits[i];
        const auto& unit = units[i];
        const QString name = QString::fromLatin1(expected.name);
        if (unit.name != name || unit.down != expected.down)
            return QStringLiteral("unit %1: expected %2").arg(i + 1).arg(name);
        problem = convMismatch(unit.conv1, name + QStringLiteral("/conv1"), A::kResidualKernel,
                               channels, expected.channels);
        if (problem.isEmpty())
            problem = convMismatch(unit.conv2, name + QStringLiteral("/conv2"),
                                   A::kResidualKernel, expected.channels, expected.channels);
        if (!problem.isEmpty()) return problem;
        channels = expected.channels;
    }
    if (fcInOut.size() != std::size_t(A::kFcInputs) * A::kDescriptorSize)
        return QStringLiteral("fc: %1 values, expected %2x%3")
            .arg(fcInOut.size()).arg(A::kFcInputs).arg(A::kDescriptorSize);
    return {};
}

}  // namespace facecase
