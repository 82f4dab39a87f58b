#pragma once

#include <QString>

#include <vector>

namespace facecase {

// One convolution of dlib's face ResNet with the per-channel affine ("scale") that follows it,
// exactly as stored in the TF.js files, dequantized to float32 and NOT folded: the dlib oracle
// needs the conv and the affine separately, the OpenCV net folds them itself.
struct ConvWeights {
    QString name;                    // e.g. "conv64_down/conv1"; the stem is "conv32_down"
    int kernel = 0;                  // kh == kw
    int inChannels = 0;
    int outChannels = 0;
    std::vector<float> filtersHwio;  // [kh][kw][in][out] as TF.js stores it
    std::vector<float> bias;         // [out]
    std::vector<float> scaleWeights; // [out]   y = (conv + bias) * scaleWeights + scaleBiases
    std::vector<float> scaleBiases;  // [out]

    // True when every vector has the size the three dimensions imply (guards hand-built values).
    bool isConsistent() const;
};

// A residual unit: conv1 (stride 2 without padding in a "down" unit), ReLU, conv2, + shortcut.
struct ResidualUnitWeights {
    QString name;  // e.g. "conv64_down"
    bool down = false;
    ConvWeights conv1;
    ConvWeights conv2;
};

// All weights of the network in network order (see resnet_architecture.h).
// Immutable once loaded (~22 MB of floats); share one instance between all threads.
struct ResNetWeights {
    ConvWeights stem;                         // conv32_down: 7x7, 3 -> 32, stride 2
    std::vector<ResidualUnitWeights> units;   // conv32_1 ... conv256_down_out (14)
    std::vector<float> fcInOut;               // [256][128] inputs x outputs, no bias
    QString modelId;                          // "dlib-resnet-face-v1/<release>/<sha256 prefix>"
    QString shardSha256;                      // lower-case hex SHA-256 of the shard bytes

    // Empty when every tensor has the shape ResNetArchitecture requires; otherwise what is wrong.
    // The networks check this so that a hand-built value cannot make them read out of bounds.
    QString architectureMismatch() const;
};

}  // namespace facecase
