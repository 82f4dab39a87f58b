#pragma once

#include <QString>

namespace facecase {

// One face-verification trial from an LFW-style pairs file: two images, same person or not.
struct VerificationPair {
    QString nameA;
    int imageA = 0;  // 1-based image number, as in LFW's Name_0001.jpg
    QString nameB;
    int imageB = 0;
    bool samePerson = false;
    int fold = 0;    // 0-based cross-validation fold
};

}  // namespace facecase
