#pragma once

#include "evaluation/verification_pair.h"
#include "types/result.h"

#include <QString>

#include <vector>

namespace facecase {

// Reads LFW pairs files of both kinds:
//  - View 1 (pairsDevTrain/DevTest): header "N", then N same-person lines "name i j", then N
//    different-person lines "name1 i name2 j". There are no folds in the file: pairs are dealt
//    round-robin into `folds` folds, each class separately, so every fold is balanced.
//  - View 2 (pairs.txt): header "F N", then F blocks of N same + N different lines; the file's
//    blocks are the folds (LFW's own 10-fold protocol).
// Malformed files are refused with the line number and what was expected. Stateless.
class PairsFileReader {
public:
    static Result<std::vector<VerificationPair>> read(const QString& path, int folds = 10);
    static Result<std::vector<VerificationPair>> parse(const QByteArray& text, const QString& name,
                                                       int folds = 10);

    // LFW's file naming: <root>/<Name>/<Name>_<NNNN>.jpg
    static QString lfwImagePath(const QString& root, const QString& name, int number);
};

}  // namespace facecase
