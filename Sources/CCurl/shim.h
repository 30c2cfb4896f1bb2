#ifndef DESKGATE_CCURL_SHIM_H
#define DESKGATE_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
   These typed wrappers are the only way the Swift side touches them. */

static inline CURLcode deskgate_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode deskgate_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode deskgate_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode deskgate_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*deskgate_curl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

static inline CURLcode deskgate_curl_setopt_data_callback(CURL *handle, CURLoption option, deskgate_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode deskgate_curl_setopt_debug_callback(CURL *handle, curl_debug_callback value) {
    return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, value);
}

static inline CURLcode deskgate_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/* Macros that Swift cannot import. */
static inline curl_version_info_data *deskgate_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

static inline CURLcode deskgate_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

#endif
