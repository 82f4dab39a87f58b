#pragma once

// Real 150x150 face crops from the shared test photos (face-api.js samples: 8 people x 5 crops).
// Not dlib-aligned chips, but real faces at the network's input size.

#include "support/test_data.h"
#include "types/image.h"

#include <QString>
#include <QStringList>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <vector>

namespace facecase::test {

struct FaceCrop {
    QString person;
    QString file;  // relative to the test data root
    Image image;   // RGB
};

// Decodes with OpenCV (BGR) and converts to FaceCase's RGB Image; null Image when unreadable.
inline Image readRgb(const QString& path) {
    const cv::Mat bgr = cv::imread(path.toStdString(), cv::IMREAD_COLOR);
    if (bgr.empty()) return {};
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    std::vector<std::uint8_t> pixels(std::size_t(rgb.total()) * 3);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(pixels.data() + std::size_t(y) * std::size_t(rgb.cols) * 3, rgb.ptr(y),
                    std::size_t(rgb.cols) * 3);
    return Image(rgb.cols, rgb.rows, std::move(pixels));
}

inline QStringList faceCropPeople() {
    return {QStringLiteral("amy"),    QStringLiteral("bernadette"), QStringLiteral("howard"),
            QStringLiteral("leonard"), QStringLiteral("penny"),      QStringLiteral("raj"),
            QStringLiteral("sheldon"), QStringLiteral("stuart")};
}

// All 40 crops, person by person; a crop that cannot be read comes back with a null image.
inline std::vector<FaceCrop> loadFaceCrops() {
    std::vector<FaceCrop> crops;
    for (const QString& person : faceCropPeople())
        for (int i = 1; i <= 5; ++i) {
            const QString file = QStringLiteral("detection/face-api-samples/images/%1/%1%2.png")
                                     .arg(person).arg(i);
            crops.push_back({person, file, readRgb(testDataPath(file))});
        }
    return crops;
}

}  // namespace facecase::test
