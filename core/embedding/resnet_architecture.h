#pragma once

#include <array>

namespace facecase {

// The fixed shape of dlib's face-recognition ResNet ("anet_type" in dlib's
// dnn_face_recognition_ex.cpp), in one place so that the weight loader, the OpenCV net and the
// dlib oracle cannot disagree about it.
struct ResNetArchitecture {
    // Input: a 150x150 RGB chip, (pixel - mean) / 256 per channel, exactly as dlib's
    // input_rgb_image_sized<150> does (face-api divides by 255; dlib's trained net wants 256).
    static constexpr int kChipSize = 150;
    static constexpr std::array<float, 3> kMeanRgb{122.782f, 117.001f, 104.298f};
    static constexpr float kInputDivisor = 256.0f;

    // Stem "conv32_down": 7x7 conv stride 2 without padding, scale, ReLU, then 3x3 max-pool
    // stride 2 without padding (150 -> 72 -> 35).
    static constexpr int kStemKernel = 7;
    static constexpr int kStemChannels = 32;

    // Residual units, in network order. A "down" unit's first conv has stride 2 and no padding,
    // and its shortcut is a 2x2 average pool zero-padded to the main path's shape.
    struct Unit {
        const char* name;
        int channels;  // output channels of both convolutions
        bool down;
    };
    static constexpr std::array<Unit, 14> kUnits{{
        {"conv32_1", 32, false},     {"conv32_2", 32, false},     {"conv32_3", 32, false},
        {"conv64_down", 64, true},   {"conv64_1", 64, false},     {"conv64_2", 64, false},
        {"conv64_3", 64, false},     {"conv128_down", 128, true}, {"conv128_1", 128, false},
        {"conv128_2", 128, false},   {"conv256_down", 256, true}, {"conv256_1", 256, false},
        {"conv256_2", 256, false},   {"conv256_down_out", 256, true},
    }};
    static constexpr int kResidualKernel = 3;

    // Global average over the last 2x2 map (padded zeros included), then fc 256 -> 128, no bias.
    static constexpr int kFcInputs = 256;
    static constexpr int kDescriptorSize = 128;

    // 4 tensors (filters, bias, scale weights, scale biases) per convolution, plus fc.
    static constexpr int kTensorCount = 4 * (1 + 2 * int(kUnits.size())) + 1;
};

}  // namespace facecase
