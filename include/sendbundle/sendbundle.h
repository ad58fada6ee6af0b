/*
 * sendbundle: the public API, all in one include.
 */
#ifndef SENDBUNDLE_H
#define SENDBUNDLE_H

#include <sendbundle/version.h>
#include <sendbundle/error.h>
#include <sendbundle/date.h>
#include <sendbundle/calendar.h>
#include <sendbundle/deadline.h>
#include <sendbundle/timescales.h>
#include <sendbundle/ics.h>
#include <sendbundle/fileio.h>
#include <sendbundle/doc.h>
#include <sendbundle/reader.h>
#include <sendbundle/extract.h>
#include <sendbundle/ocr.h>
#include <sendbundle/scan.h>
#include <sendbundle/case.h>
#include <sendbundle/plan.h>
#include <sendbundle/build.h>
#include <sendbundle/letter.h>
#include <sendbundle/fetch.h>
#include <sendbundle/compare.h>
#include <sendbundle/check.h>
#include <sendbundle/bundle_out.h>
#include <sendbundle/zip_out.h>

#endif
