#include "embedding/chip_input.h"

#include "embedding/resnet_architecture.h"

namespace facecase {

Result<void> ChipInput::check(const Image& chip, const QString& label) {
    constexpr int side = ResNetArchitecture::kChipSize;
    if (chip.isNull()) return Error::invalidInput(label + QStringLiteral(": empty image"));
    if (chip.width() != side || chip.height() != side)
        return Error::invalidInput(QStringLiteral("%1: %2x%3 pixels, the descriptor network needs "
                                                  "an aligned %4x%4 chip")
                                       .arg(label).arg(chip.width()).arg(chip.height()).arg(side));
    if (chip.data() == nullptr || chip.byteCount() != std::size_t(3 * side * side))
        return Error::invalidInput(label + QStringLiteral(": pixel buffer is not %1x%1 RGB").arg(side));
    return {};
}

}  // namespace facecase
