#pragma once

#include "types/result.h"

#include <QHash>
#include <QString>

namespace facecase {

// The subgroup of each identity of a labeled set, for a demographic breakdown of an evaluation
// (e.g. sex, age band, skin-tone category): a CSV of `identity,group` rows, an optional header
// row `identity,group`, ',' ';' or tab separated. Identities are folder names of the set.
class IdentityGroups {
public:
    // InvalidInput naming the file and line for: a malformed CSV record, a row without exactly
    // two fields, an empty identity or group, an identity given two different groups, and a file
    // with no rows. NotFound when the file cannot be opened.
    static Result<QHash<QString, QString>> read(const QString& path);
};

}  // namespace facecase
