package asanatest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Asana's error messages, as its API words them where we know the wording.
const (
	msgNotAuthorized = "Not Authorized"
	msgNoRoute       = "No matching route for request"
	msgRateLimited   = "You have made too many requests recently. Please, be chill."
	msgTooLarge      = "The result is too large. You should use pagination (may require specifying a workspace)!"
	msgInvalidJSON   = "Could not parse request data, invalid JSON"
	msgServerError   = "Server Error"
	msgForbidden     = "Forbidden"
	msgOffsetInvalid = "offset: Your pagination token is invalid. Start again from the first page."
	msgOffsetExpired = "offset: Your pagination token has expired. Start again from the first page."
	helpErrors       = "For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors"
	// serverPhrase stands in for the random phrase Asana's 500s carry.
	serverPhrase = "6 sad squid snuggle softly"
)

// apiError is an error a handler returns to answer with an Asana error body.
type apiError struct {
	status  int
	message string
	// scimType is the scimType of the error on SCIM routes ("uniqueness",
	// "invalidFilter", ...); empty elsewhere.
	scimType string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.status, e.message) }

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, message: fmt.Sprintf(format, args...)}
}

// badRequest is a 400 about one parameter: "workspace: Missing input".
func badRequest(param, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, message: param + ": " + fmt.Sprintf(format, args...)}
}

func missingInput(param string) *apiError { return badRequest(param, "Missing input") }

// notFound answers an unknown (or deleted) object named by param.
func notFound(param, gid string) *apiError {
	return &apiError{status: http.StatusNotFound, message: param + ": Unknown object: " + gid}
}

// forbidden answers an object that exists but the caller may not touch.
func forbidden(why string) *apiError {
	if why == "" {
		why = msgForbidden
	}
	return &apiError{status: http.StatusForbidden, message: why}
}

type errorDetail struct {
	Message string `json:"message"`
	Help    string `json:"help,omitempty"`
	Phrase  string `json:"phrase,omitempty"`
}

type errorsDoc struct {
	Errors []errorDetail `json:"errors"`
}

// errorBody is the {"errors": [...]} document for one message; server
// errors carry a phrase as Asana's do, others a help link.
func errorBody(msg string) errorsDoc {
	return errorsDoc{Errors: []errorDetail{{Message: msg, Help: helpErrors}}}
}

func statusBody(status int, msg string) errorsDoc {
	if msg == "" {
		switch status {
		case http.StatusUnauthorized:
			msg = msgNotAuthorized
		case http.StatusForbidden:
			msg = msgForbidden
		case http.StatusNotFound:
			msg = msgNoRoute
		case http.StatusTooManyRequests:
			msg = msgRateLimited
		case http.StatusPaymentRequired:
			msg = "Payment Required"
		default:
			msg = http.StatusText(status)
			if status >= 500 {
				msg = msgServerError
			}
		}
	}
	if status == http.StatusUnauthorized {
		// Asana's 401 body is the bare message.
		return errorsDoc{Errors: []errorDetail{{Message: msg}}}
	}
	if status >= 500 {
		return errorsDoc{Errors: []errorDetail{{Message: msg, Phrase: serverPhrase}}}
	}
	return errorBody(msg)
}

const contentTypeJSON = "application/json; charset=UTF-8"

// writeJSON writes v with Asana's content type. Only for small bodies
// outside the API pipeline (control endpoints, early 404s).
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"errors":[{"message":"Server Error"}]}`)
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
