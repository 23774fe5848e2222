// Generated from api/openapi.yaml by scripts/gen-api.mjs (`npm run gen:api`). Do not edit.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness probe
         * @description Answers 200 as long as the process serves HTTP. Does not touch the database.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness probe
         * @description Checks the database connection and that all migrations are applied. Load balancers should send traffic only while this answers 200.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Prometheus text exposition format (version 0.0.4). Families include `cairn_http_requests_total{route,method,status}` (counter; `route` is the path template, not the raw path), `cairn_http_request_duration_seconds` (histogram), `cairn_db_pool_*` (gauges) and `process_resident_memory_bytes`.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI document as JSON
         * @description The content of `api/openapi.yaml`, converted to JSON.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * HTML API reference
         * @description An HTML page rendering `/api/openapi.json` with Redoc. All assets are served by Cairn itself (no CDN), so it works offline.
         */
        get: operations["getApiDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account
         * @description Creates a user and signs them in. With `invitation_token`, the invitation (which must be addressed to `email`) is accepted as part of the signup. The refresh token is also set as the `cairn_refresh` cookie.
         */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description Returns a new session. The refresh token is also set as the `cairn_refresh` cookie. Repeated failures are throttled per account and per client address (429 with `Retry-After`).
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the refresh token
         * @description Exchanges a refresh token (from the body, else the `cairn_refresh` cookie) for a new access token and a NEW refresh token; the old refresh token stops working. Presenting an already rotated refresh token is treated as theft: the answer is 401 and the whole session is revoked.
         */
        post: operations["refreshToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out of the current session
         * @description Revokes the session the refresh token (body, else `cairn_refresh` cookie) belongs to and clears the cookie. Idempotent: an unknown, expired or missing token still answers 204.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a verification link to the signed-in user
         * @description Sends an email with a one-time token to the caller's address. Answers 202 even when the address is already verified (no email is sent then).
         */
        post: operations["requestEmailVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm an email address
         * @description Consumes the one-time token from the verification email. Needs no session, so the link can be opened on another device.
         */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Email a password reset link
         * @description Always answers 202, whether or not an account exists for the address (no account existence leak). When it exists, an email with a one-time token is sent.
         */
        post: operations["requestPasswordReset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with a reset token
         * @description Consumes the one-time token from the reset email, sets the new password and revokes all sessions of the user.
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user and their organizations */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update the signed-in user's profile */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the signed-in user's password
         * @description Revokes every other session of the user; the current one stays signed in.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the signed-in user's active sessions
         * @description Newest first. `current` marks the session of the calling access token.
         */
        get: operations["listSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke one of the user's sessions
         * @description Its refresh token stops working at once; access tokens already issued expire on their own (at most `expires_in` seconds).
         */
        delete: operations["revokeSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the caller's organizations
         * @description Every organization the caller is a member of, with the caller's role. Not paginated. With an API key, only the key's organization.
         */
        get: operations["listOrganizations"];
        put?: never;
        /**
         * Create an organization
         * @description The caller becomes its first admin. Without `slug`, one is derived from `name`.
         */
        post: operations["createOrganization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an organization
         * @description Any member. Non-members get 404.
         */
        get: operations["getOrganization"];
        put?: never;
        post?: never;
        /**
         * Delete an organization
         * @description Admin (API key scope `admin`). Deletes everything under it: projects, members, invitations, API keys. `confirm` must equal the organization's current name exactly.
         */
        delete: operations["deleteOrganization"];
        options?: never;
        head?: never;
        /**
         * Update an organization
         * @description Admin (API key scope `admin`). Only the given fields change; `settings` is merged key by key.
         */
        patch: operations["updateOrganization"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List organization members
         * @description Any member (API key scope `read`). Ordered by name.
         */
        get: operations["listOrgMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member (or leave the organization)
         * @description Admin (API key scope `admin`), or the member themselves, which means leaving. Also removes them from the organization's projects.
         */
        delete: operations["removeOrgMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Admin (API key scope `admin`).
         */
        patch: operations["updateOrgMember"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invitations
         * @description Admin (API key scope `admin`). All statuses, newest first. When the server sends no email (no SMTP server configured), each pending invitation carries its `accept_url` for the admin to pass on.
         */
        get: operations["listInvitations"];
        put?: never;
        /**
         * Invite someone by email
         * @description Admin (API key scope `admin`). Emails a one-time token that expires in 7 days. The token is returned only when the server sends no email (no SMTP server configured), with `email_sent` false and `accept_url` the link the admin passes on, since no one could accept the invitation otherwise.
         */
        post: operations["createInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/invitations/{invitation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an invitation
         * @description Admin (API key scope `admin`). Its token stops working; the invitation stays listed with status `revoked`.
         */
        delete: operations["revokeInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/invitations/{invitation_id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend an invitation
         * @description Admin (API key scope `admin`). Issues a new token (the old one stops working), resets the expiry to 7 days from now and emails it (or, without SMTP, answers its new `accept_url`). Works on pending and expired invitations.
         */
        post: operations["resendInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation
         * @description The signed-in user joins the organization with the invited role. The caller's email must match the invitation's.
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/onboarding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The first steps an organization has taken
         * @description Any member (API key scope `read`). Each step is done once the organization (as the caller can see it) has at least one of its things; the web app's first-run checklist ticks itself from this.
         */
        get: operations["getOnboarding"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Feedback sent by the organization's members, newest first
         * @description Admin (API key scope `admin`).
         */
        get: operations["listFeedback"];
        put?: never;
        /**
         * Send feedback to the organization's admins
         * @description Any member, signed in (not with an API key). Stored with the page it was sent from and the app's version; the admins read it in the organization's settings.
         */
        post: operations["sendFeedback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report an error the web app met in a browser
         * @description No credentials needed (the sign-in page reports too); a signed-in caller's report is kept with the organization it names when they belong to it, grouped with reports of the same error (kind, message, first stack line, page route) and counted. Every report counts in `cairn_client_errors_total` on /metrics. Never send tokens or form contents; the page is kept without its query string. At most 60 reports a minute per address (429 beyond).
         */
        post: operations["reportClientError"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/client-errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Errors members' browsers met, grouped, most recent first
         * @description Admin (API key scope `admin`). One entry per group, with how often and when it was seen.
         */
        get: operations["listClientErrors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the audit log
         * @description Admin (API key scope `admin`). Newest first. Filters combine with AND.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List projects
         * @description Any member (API key scope `read`). Private projects appear only for org admins and project members. A project-restricted API key sees only its project.
         */
        get: operations["listProjects"];
        put?: never;
        /**
         * Create a project
         * @description Developer or admin (API key scope `write`). The creator becomes project admin. Without `slug`, one is derived from `name`.
         */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a project
         * @description Any member who can see it; a private project is 404 for others.
         */
        get: operations["getProject"];
        put?: never;
        post?: never;
        /**
         * Delete a project
         * @description Org admin or project admin (API key scope `write`). Deletes everything under it.
         */
        delete: operations["deleteProject"];
        options?: never;
        head?: never;
        /**
         * Update a project
         * @description Org developer or admin who is project admin or developer, or an org admin (API key scope `write`). Only the given fields change.
         */
        patch: operations["updateProject"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Count a project's contents */
        get: operations["getProjectStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List project members
         * @description Anyone who can see the project. Not paginated.
         */
        get: operations["listProjectMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Add a project member or change their role
         * @description Creates or updates the membership (idempotent). Org admin, or an org developer+ who is project admin (API key scope `write`). The user must already be a member of the organization.
         */
        put: operations["setProjectMember"];
        post?: never;
        /**
         * Remove a project member
         * @description Org admin, or an org developer+ who is project admin (API key scope `write`).
         */
        delete: operations["removeProjectMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Admins see every key of the organization, others only their own. Newest first. Secrets are never listed.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key
         * @description Any member. `scopes` cannot exceed the creator's role: viewer `read`, `predict`; developer `read`, `write`, `deploy`, `predict`; admin all. The secret is in this answer only; store it now.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an API key
         * @description The key's owner or an admin.
         */
        get: operations["getApiKey"];
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description The key's owner or an admin. Further use of the key answers 401. The key stays listed with `revoked_at`.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/api-keys/{key_id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an API key's secret
         * @description The key's owner or an admin. Issues a new secret for the same key (id, name, scopes unchanged; the `prefix` changes with the secret). The old secret keeps working for `grace_period_seconds`, then answers 401.
         */
        post: operations["rotateApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/api-keys/{key_id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Daily request counts of a key
         * @description The key's owner or an admin. `days` covers the last 30 UTC days including today, oldest first, with zero days included.
         */
        get: operations["getApiKeyUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List experiments
         * @description Experiments of the project (API key scope `read`). `q` matches names case-insensitively (`%` and `_` are literal); `view` picks active (default), deleted or all experiments.
         */
        get: operations["listExperiments"];
        put?: never;
        /**
         * Create an experiment
         * @description Developer or admin of the project (API key scope `write`). `description` is stored as the tag `mlflow.note.content`, which MLflow's UI shows as the experiment's description. Artifacts of its runs go through Cairn (`mlflow-artifacts:/<id>`).
         */
        post: operations["createExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an experiment
         * @description Any member who can see the project (API key scope `read`). An experiment of another project answers 404.
         */
        get: operations["getExperiment"];
        put?: never;
        post?: never;
        /**
         * Delete an experiment (soft)
         * @description Developer or admin of the project (API key scope `write`). Marks the experiment and its runs deleted, as MLflow does; `POST .../restore` brings them back.
         */
        delete: operations["deleteExperiment"];
        options?: never;
        head?: never;
        /**
         * Rename or describe an experiment
         * @description Developer or admin of the project (API key scope `write`). Only the given fields change; an empty `description` removes it.
         */
        patch: operations["updateExperiment"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the param, metric and tag keys of an experiment's runs
         * @description Any member who can see the project (API key scope `read`). Every key any run of the experiment has (active or deleted), each list sorted by code point — what a column chooser offers, however many runs there are. An experiment of another project answers 404.
         */
        get: operations["getExperimentKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a deleted experiment
         * @description Developer or admin of the project (API key scope `write`). Restores its runs too.
         */
        post: operations["restoreExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/tags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set an experiment tag
         * @description Developer or admin of the project (API key scope `write`). Creates or replaces the tag.
         */
        put: operations["setExperimentTag"];
        post?: never;
        /**
         * Delete an experiment tag
         * @description Developer or admin of the project (API key scope `write`).
         */
        delete: operations["deleteExperimentTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/views": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the saved views of an experiment's runs grid
         * @description Any member who can see the project (API key scope `read`). The experiment's shared (`project`) views and the caller's own private views, by name; `is_own` marks the caller's. Another member's private views are never listed. An experiment of another project answers 404.
         */
        get: operations["listSavedViews"];
        put?: never;
        /**
         * Save the runs grid's state as a view
         * @description Developers and above (API key scope `write`). A name is unique per experiment and owner (the creator for a private view, the project for a shared one); a taken name answers 409. `state` is the web app's grid state (columns, order, filter, sort, group-by, charts), any JSON object of at most 32 KiB serialized. Audited as `saved_view.create`.
         */
        post: operations["createSavedView"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/views/{view_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a saved view
         * @description Any member who can see the project (API key scope `read`). Another member's private view answers 404.
         */
        get: operations["getSavedView"];
        put?: never;
        post?: never;
        /**
         * Delete a saved view
         * @description As for PATCH, who may. Audited as `saved_view.delete`.
         */
        delete: operations["deleteSavedView"];
        options?: never;
        head?: never;
        /**
         * Rename a saved view, change its visibility or its state
         * @description Developers and above (API key scope `write`); a shared view only by its creator or a project admin (403 otherwise), a private view only by its creator (404 for anyone else). Unset fields stay (no body changes nothing). A taken name answers 409. Audited as `saved_view.update`.
         */
        patch: operations["updateSavedView"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/experiments/{experiment_id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a run
         * @description Developer or admin of the project (API key scope `write`). The experiment must be active. The run starts RUNNING; without `name` one is generated. `parent_run_id` (a run of the same project) is stored as the tag `mlflow.parentRunId`, which MLflow's UI nests runs by.
         */
        post: operations["createRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Group every run a search matches by a param, a tag or the status, with metric aggregates
         * @description Any member who can see the project (API key scope `read`). The runs grid's "Group by" over the whole search (its experiments, view and filter), not a page. Per group the value (null for runs without the param or tag), the number of runs, and for each of `metric_keys` the mean, min and max of the runs' latest values and how many runs have one (NaN values left out). Groups come largest first, at most 1,000; `truncated` says when more exist. An experiment of another project answers 404.
         */
        post: operations["groupRuns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search runs
         * @description Any member who can see the project (API key scope `read`). `filter` and `order_by` use MLflow's search grammar (`metrics.`, `params.`, `tags.`, `attributes.`, `datasets.`); a filter that does not parse answers 400 with field `filter` and a message giving the position. Without `experiment_ids`, every experiment of the project is searched; an id of another project answers 404. Default order: newest start_time first.
         */
        post: operations["searchRuns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/metrics/histories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get several metrics' histories for many runs
         * @description Any member who can see the project (API key scope `read`). Up to 1,000 runs of the project by up to 50 metric keys in one call (one database connection), for an experiment's charts. Each history is downsampled on its own with Largest-Triangle-Three-Buckets to `max_points` (default 500), optionally within the step window `start_step`..`end_step` (inclusive; a zoomed chart asks for its window only, so the window is exact rather than downsampled from the whole). `run_ids` x `keys` x `max_points` is at most 5,000,000 (422 on `max_points` otherwise). Items come by run (in the order of `run_ids`, repeated ids once) then key (in the order of `keys`); a run without points for a key has no item. A run of another project answers 404.
         */
        post: operations["getMetricSeries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Compare runs side by side
         * @description Any member who can see the project (API key scope `read`). 2 to 10 distinct runs of the project. Params line up by key with `differs` when the runs do not all have the same value (a missing param differs); metrics give per run the last value (highest step) and the min and max over the whole history (NaN points left out). `values` maps run ids to values, null where a run has none.
         */
        post: operations["compareRuns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a run
         * @description Any member who can see the project (API key scope `read`). A run of another project answers 404. `metrics` holds the latest value of each metric.
         */
        get: operations["getRun"];
        put?: never;
        post?: never;
        /**
         * Delete a run (soft)
         * @description Developer or admin of the project (API key scope `write`). `POST .../restore` brings it back.
         */
        delete: operations["deleteRun"];
        options?: never;
        head?: never;
        /**
         * Update a run
         * @description Developer or admin of the project (API key scope `write`). Only the given fields change. `notes` is stored as the tag `mlflow.note.content` (MLflow's run description); empty removes it.
         */
        patch: operations["updateRun"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a deleted run
         * @description Developer or admin of the project (API key scope `write`).
         */
        post: operations["restoreRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/log-batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log metrics, params and tags
         * @description Developer or admin of the project (API key scope `write`); the run must be active. One transaction: any error stores nothing. MLflow's limits: at most 1000 metrics, 100 params, 100 tags and 1000 items in all; keys up to 250 characters of letters, digits, `_ - . : /` and spaces, without `..` or a leading `/`; param values up to 6000 characters, tag values up to 8000. Params are write-once: the same value again is accepted, another value answers 422 naming the key. A retried batch changes nothing (a point already stored is skipped). Metric values may be "NaN", "Infinity" or "-Infinity"; `step` defaults to 0 and `timestamp` to now.
         */
        post: operations["logRunBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/inputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record dataset inputs
         * @description Developer or admin of the project (API key scope `write`). Datasets are shared within the experiment by name and digest; logging the same one again replaces its context. `context` (e.g. `training`) is stored as the input tag `mlflow.data.context`, as MLflow does.
         */
        post: operations["logRunInputs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/metrics/{key}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a metric's history
         * @description Any member who can see the project (API key scope `read`). The whole history, by step then timestamp; with `max_points`, downsampled with Largest-Triangle-Three-Buckets to at most that many points, keeping the first and the last. A key the run never logged has no points.
         */
        get: operations["getMetricHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/metrics/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get one metric's history for many runs
         * @description Any member who can see the project (API key scope `read`). Up to 100 runs of the project in one call (one query), each history whole or downsampled to `max_points`, in the order of `run_ids` (repeated ids once).
         */
        post: operations["getMetricHistories"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a run's artifacts
         * @description Any member who can see the project (API key scope `read`). One level of the directory `path` (relative to the run's artifact root; the root when absent). Paths with `..`, a leading `/`, a backslash or a NUL answer 400.
         */
        get: operations["listRunArtifacts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/runs/{run_id}/artifacts/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an artifact
         * @description Any member who can see the project (API key scope `read`). Streamed, with `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`; the Content-Type follows the extension (HTML is sent as text/plain).
         */
        get: operations["downloadRunArtifact"];
        /**
         * Upload an artifact
         * @description Developer or admin of the project (API key scope `write`). The raw body is the file; it is streamed to the artifact store (up to the server's `max_upload_bytes`) and replaces any file at that path. Folders are implied by the path.
         */
        put: operations["uploadRunArtifact"];
        post?: never;
        /**
         * Delete an artifact or a directory
         * @description Developer or admin of the project (API key scope `write`). A directory goes with everything in it; a missing path is not an error.
         */
        delete: operations["deleteRunArtifact"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search registered models
         * @description Models of the project (API key scope `read`). `q` is full-text search over names, descriptions and tags (words are matched by prefix, all must match); `stage` keeps models with a version in that stage; `framework` keeps models whose latest version has that framework; `tag` (repeatable, `key` or `key=value`) keeps models carrying it.
         */
        get: operations["listRegisteredModels"];
        put?: never;
        /**
         * Register a model name
         * @description Developer or admin of the project (API key scope `write`). Names are unique within a project (409).
         */
        post: operations["createRegisteredModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a registered model
         * @description API key scope `read`. `{model}` is the model's name (percent-encoded) or id.
         */
        get: operations["getRegisteredModel"];
        put?: never;
        post?: never;
        /**
         * Delete a registered model with its versions
         * @description Developer or admin (API key scope `write`). Files uploaded to the registry are deleted with it; files of runs and logged models stay with them.
         */
        delete: operations["deleteRegisteredModel"];
        options?: never;
        head?: never;
        /**
         * Rename or describe a registered model
         * @description Developer or admin (API key scope `write`). Only the given fields change.
         */
        patch: operations["updateRegisteredModel"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/tags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a tag of a registered model
         * @description Developer or admin (API key scope `write`).
         */
        put: operations["setRegisteredModelTag"];
        post?: never;
        /**
         * Delete a tag of a registered model
         * @description Developer or admin (API key scope `write`). A missing tag is not an error.
         */
        delete: operations["deleteRegisteredModelTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/aliases/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The version an alias points at
         * @description API key scope `read`.
         */
        get: operations["getModelVersionByAlias"];
        /**
         * Point an alias at a version
         * @description Developer or admin (API key scope `write`). An alias is unique within its model; setting it again moves it. `latest` and names that look like versions (`v3`, `3`) are reserved, as in MLflow.
         */
        put: operations["setModelAlias"];
        post?: never;
        /**
         * Delete an alias
         * @description Developer or admin (API key scope `write`). A missing alias is not an error.
         */
        delete: operations["deleteModelAlias"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Versions of a model, newest first
         * @description API key scope `read`. `stage` keeps versions in that stage.
         */
        get: operations["listModelVersions"];
        put?: never;
        /**
         * Create a version from a run, a logged model, or uploaded files
         * @description Developer or admin (API key scope `write`). Three sources:
         *     - JSON `{"run_id": "...", "artifact_path": "model"}`: the files under that path of the run's artifacts;
         *     - JSON `{"logged_model_id": "m-..."}`: an MLflow 3 logged model's files;
         *     - `multipart/form-data` with one or more `file` parts (their filenames may hold folders, e.g. `model/MLmodel`)
         *       and optional `description` and `tags` (a JSON object) fields: uploaded into the registry, streamed, each file's
         *       SHA-256 recorded. The body limit applies (413, and no version remains).
         *     Metadata is read from the files: an MLflow `MLmodel` (flavors, signature, input example, pip requirements; a
         *     corrupt one answers 400 naming the problem), ONNX inputs and outputs, XGBoost JSON/UBJ, TorchScript, pickle and
         *     joblib (flagged `executable_code`: never loaded by the server). Other files are kept as opaque. The source run's
         *     latest metrics are copied to the version.
         *     Retries are safe: send an `Idempotency-Key` header (up to 128 characters) and a repeated request answers the
         *     version the first one created (200) instead of a new one.
         */
        post: operations["createModelVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a version
         * @description API key scope `read`. Metadata, metrics, aliases and lineage.
         */
        get: operations["getModelVersion"];
        put?: never;
        post?: never;
        /**
         * Delete a version
         * @description Developer or admin (API key scope `write`). Its aliases go with it; uploaded files are deleted.
         */
        delete: operations["deleteModelVersion"];
        options?: never;
        head?: never;
        /**
         * Update a version's description
         * @description Developer or admin (API key scope `write`).
         */
        patch: operations["updateModelVersion"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}/tags/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a tag of a version
         * @description Developer or admin (API key scope `write`).
         */
        put: operations["setModelVersionTag"];
        post?: never;
        /**
         * Delete a tag of a version
         * @description Developer or admin (API key scope `write`). A missing tag is not an error.
         */
        delete: operations["deleteModelVersionTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set metrics of a version
         * @description Developer or admin (API key scope `write`), e.g. an evaluation on a holdout set. Given keys are set (overwriting values copied from the run), `null` removes a key; others stay.
         */
        patch: operations["setModelVersionMetrics"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}/stage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a version to another stage
         * @description Developer or admin (API key scope `write`); to `production` only who the organization's `production_promotion` setting allows (admins, or developers too; viewers never). `archive_existing` archives the versions currently in the target stage. Every transition is recorded with who, when and why.
         */
        post: operations["transitionModelVersionStage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/stage-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stage transitions of a model's versions, newest first
         * @description API key scope `read`. `version` keeps one version's history.
         */
        get: operations["listStageTransitions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Files of a version
         * @description API key scope `read`. Every file with its size, SHA-256, detected format and details.
         */
        get: operations["listModelVersionFiles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}/files/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download one file of a version
         * @description API key scope `read`. Streamed, with `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.
         */
        get: operations["downloadModelVersionFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/versions/{version}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a whole version as a zip
         * @description API key scope `read`. `<model>-v<version>.zip` with every file under its path.
         */
        get: operations["downloadModelVersionZip"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/models/{model}/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Compare 2 to 10 versions
         * @description API key scope `read`. Metadata, params (of the source runs) and metrics side by side; `differs` marks rows whose values are not all equal.
         */
        get: operations["compareModelVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Environments of a project
         * @description API key scope `read`. Every project has `development`, `staging` and `production` (tiers of the same names) until they are renamed or deleted; ordered by tier (development, staging, production), then name.
         */
        get: operations["listEnvironments"];
        put?: never;
        /**
         * Add an environment
         * @description Admin of the project or organization (API key scope `deploy`). Names are unique within a project (409).
         */
        post: operations["createEnvironment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/environments/{environment}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an environment
         * @description Admin of the project or organization (API key scope `deploy`). 409 while a deployment is in it.
         */
        delete: operations["deleteEnvironment"];
        options?: never;
        head?: never;
        /**
         * Rename or describe an environment
         * @description Admin of the project or organization (API key scope `deploy`). The tier does not change; deployments follow a rename. A taken name answers 409.
         */
        patch: operations["updateEnvironment"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deployments of a project
         * @description API key scope `read`. Ordered by environment tier, environment name, then deployment name. Not paged.
         */
        get: operations["listDeployments"];
        put?: never;
        /**
         * Deploy a model version
         * @description API key scope `deploy`. Developers and admins deploy to environments of tier `development` and `staging`; tier
         *     `production` follows the organization's production-promotion rule (as moving a version to Production).
         *     `source` names exactly one of `version`, `alias` or `stage`; with an alias or a stage the deployment follows it:
         *     when it moves, a new revision rolls out by itself (event `alias_moved`). `config` is partial: the defaults fill the
         *     rest (workers 1 to 2, batching up to 32 rows or 5 ms, timeout 30 s, 10,000 rows per request, cache off, every
         *     request sampled). The answer comes at once with state `pending`; follow `status` for `healthy` or `failed`.
         *     A name taken in the project, or an `endpoint_name` taken on the server, answers 409.
         */
        post: operations["createDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A deployment with its status
         * @description API key scope `read`.
         */
        get: operations["getDeployment"];
        put?: never;
        post?: never;
        /**
         * Delete a deployment
         * @description API key scope `deploy`. Stops its workers, frees its endpoint name; revisions, events and logs go with it.
         */
        delete: operations["deleteDeployment"];
        options?: never;
        head?: never;
        /**
         * Change the model or the configuration
         * @description API key scope `deploy` (production tier as in createDeployment). `source` replaces the source; `config` is merged into the current one (objects field by field; in `env` and `secrets` a `null` value removes the name). When anything changes the answer is a new revision, which takes all the traffic (the traffic split is reset); when nothing changes the revision stays.
         */
        patch: operations["updateDeployment"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop serving
         * @description API key scope `deploy`. Workers drain and exit (state `stopping`, then `stopped`); invocations answer 503 meanwhile. Stopping a stopped deployment changes nothing.
         */
        post: operations["stopDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start serving again
         * @description API key scope `deploy`. Starts the current revision (state `pending`). Starting a running deployment changes nothing.
         */
        post: operations["startDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Revisions, newest first
         * @description API key scope `read`. Revisions are immutable; secrets show as `***`.
         */
        get: operations["listDeploymentRevisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/revisions/{revision}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One revision
         * @description API key scope `read`.
         */
        get: operations["getDeploymentRevision"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/revisions/{revision}/diff/{other}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What changed between two revisions
         * @description API key scope `read`. One change per leaf that differs, from `{revision}` to `{other}` (`model`, `version`, `config.<path>`); a changed secret shows `***` on both sides. Equal revisions answer no changes.
         */
        get: operations["diffDeploymentRevisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Roll back to an earlier revision
         * @description API key scope `deploy` (production tier as in createDeployment). Makes a new revision equal to the given one (model, version and config; reason `rollback to <n>`), which takes all the traffic. A deployment following an alias keeps following it.
         */
        post: operations["rollbackDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/traffic": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Split traffic between two revisions, and shadow
         * @description API key scope `deploy` (production tier as in createDeployment). One route takes all the traffic; two routes split it by weight (canary); weights sum to 100 (422 otherwise, `field` `routes`). Each routed or shadow revision is started if it does not run. Shadow sends a copy of `percent`% of the requests to a revision; its answers are logged and compared, never returned.
         */
        put: operations["setDeploymentTraffic"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the caller may call the deployment's inference API
         * @description Any API key scope. What `cairn serve-model` (the Kubernetes model server) asks with the token its own callers sent, so that it admits whom Cairn would; it keeps each answer for a minute. `predict` is false when the caller sees the project but lacks the `predict` scope or role; a caller who cannot see the project gets 404.
         */
        get: operations["getDeploymentAccess"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/request-records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report requests a model server answered (the Kubernetes target's pods)
         * @description API key scope `monitor` (developer). `cairn serve-model` sends what it answered, about once a second, so that a deployment served by pods is monitored like one served by Cairn's gateway - the request log, the monitor's service health and data profiles, the kept records of the sampled requests, the deployment's statistics. The organization, project and deployment come from the path, never from the body. At most 1,000 records, each within the last 7 days and at most an hour ahead; the batch is validated whole (422 naming the field, e.g. `records[3].latency_ms`) and then queued, never waiting on the database.
         */
        post: operations["reportDeploymentRequests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What happened to a deployment, newest first
         * @description API key scope `read`. Every change, state transition and worker exit, with who and why.
         */
        get: operations["listDeploymentEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the workers' output
         * @description API key scope `read`. Lines of the workers' stdout and stderr, oldest first, within `since` and `until` and containing `q` (case-insensitive); the newest `limit` lines of the match. Logs are bounded on disk per deployment; the oldest lines go first.
         */
        get: operations["listDeploymentLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/logs/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow the workers' output live (server-sent events)
         * @description API key scope `read`. A `text/event-stream` that stays open: one event `log` per line, its `data` the JSON of a
         *     `LogLine`, as the workers write them; a comment (`: keep-alive`) every 15 seconds. It starts with the newest
         *     `tail` lines, then follows. The stream ends when the
         *     deployment is deleted, the access token expires (reconnect with a fresh one) or `timeout_seconds` is up.
         */
        get: operations["streamDeploymentLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Requests, latency, errors and batch sizes over a window
         * @description API key scope `read`. The last `window_seconds` in buckets of `bucket_seconds` (about 60 buckets per window, oldest first, each bucket's `at` its start), and totals over the window. Errors are answers with status 500 and above (4xx are the client's). Every replica's traffic is counted, whichever replica answers (the others' part is at most two seconds old). `shadow` counts this replica's comparisons since it started.
         */
        get: operations["getDeploymentStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/manifests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Kubernetes manifests of the deployment
         * @description API key scope `deploy` (the Secret carries the deployment's secrets). A multi-document YAML (ConfigMap, Secret, Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget) running the current revision with `cairn serve-model`, in the server's `kubernetes_namespace`. The Secret's CAIRN_TOKEN is a placeholder to replace with an API key with the `read` scope.
         */
        get: operations["getDeploymentManifests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/kubernetes/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply the deployment to the configured Kubernetes cluster
         * @description API key scope `deploy`. Renders the current revision's manifests and runs `kubectl apply --server-side` with the server's kubeconfig. The pods' CAIRN_TOKEN is `api_key` when given; otherwise Cairn issues the pods a key of the caller's (scopes `read` and `monitor`, restricted to the project, named `model-server pods of <deployment>`), rotating the one it issued before, whose old secret keeps working for 15 minutes while the pods roll (the Secret's hash is in the pod template). Recorded as an event and in the audit log. 409 when the server has no cluster configured (setting `kubeconfig`).
         */
        post: operations["applyDeploymentToKubernetes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/kubernetes/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The deployment's Kubernetes Deployment as the cluster reports it
         * @description API key scope `read`. Replicas (desired, updated, ready, available), the revision its pods run and the Deployment's conditions, from `kubectl get`. 404 when the cluster has no such Deployment; 409 without a cluster configured.
         */
        get: operations["getDeploymentKubernetesStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/invocations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Predict (MLflow scoring protocol)
         * @description API key scope `predict`. Bodies and answers as `mlflow models serve`: JSON with exactly one of `dataframe_split`,
         *     `dataframe_records`, `instances` or `inputs` (and optional `params`), or a CSV body with a header row. The input
         *     is checked against the model's signature; a wrong column or tensor answers 400 (`validation_failed` is not used
         *     here: the body is the model's input, so every input error is `bad_request` with `field` naming the column or
         *     tensor; another content type, malformed JSON or CSV, no rows, or more rows than `max_rows` answer 400 too). Requests are batched with others (dynamic batching) and may be answered from the cache
         *     (`Cache-Control: no-cache` bypasses it).
         */
        post: operations["invokeDeployment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol v2 server liveness
         * @description KServe v2 / Triton. Needs no credentials, as `/healthz`; 200 while the process serves HTTP.
         */
        get: operations["v2ServerLive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol v2 server readiness
         * @description KServe v2 / Triton. Needs no credentials, as `/readyz`; 200 when the server can serve inference (database reachable), 400 otherwise (the protocol's "4xx is false").
         */
        get: operations["v2ServerReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol v2 server metadata
         * @description KServe v2 / Triton. Needs no credentials; names no model.
         */
        get: operations["v2ServerMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol v2 model metadata
         * @description API key scope `predict` or `read`. `{model_name}` is a deployment's `endpoint_name`; a deployment the caller cannot see answers 404. `versions` are the running revisions' numbers; inputs and outputs come from the model's signature (shape `-1` for the rows).
         */
        get: operations["v2ModelMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol v2 model readiness
         * @description API key scope `predict` or `read`. 200 when the deployment is `healthy` or `degraded` (at least one worker ready), 400 otherwise; 404 for an unknown endpoint name.
         */
        get: operations["v2ModelReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/versions/{model_version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol v2 metadata of one revision
         * @description As v2ModelMetadata, for the deployment's revision `{model_version}`; a revision that does not run answers 404.
         */
        get: operations["v2ModelVersionMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/versions/{model_version}/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open Inference Protocol v2 readiness of one revision
         * @description As v2ModelReady, for the deployment's revision `{model_version}`.
         */
        get: operations["v2ModelVersionReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/infer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open Inference Protocol v2 inference
         * @description API key scope `predict`. The KServe v2 / Triton inference request, routed as the deployment's traffic says. Inputs
         *     are checked against the model's signature (400 naming the tensor). Besides JSON, the binary tensor data extension
         *     (Triton's, which `tritonclient[http]` uses by default): `Content-Type: application/octet-stream`, header
         *     `Inference-Header-Content-Length: <n>`, the first n bytes the JSON request whose inputs carry
         *     `parameters.binary_data_size` instead of `data`, then the tensors' raw little-endian bytes in input order (BYTES
         *     elements as u32 length + bytes). Outputs asked with `parameters.binary_data: true` come back the same way, with
         *     the header on the response. Errors (400, 401, 403, 404, 413, 429, 500, 503 with Retry-After, 504) have the
         *     protocol's body `{"error": "..."}`.
         */
        post: operations["v2ModelInfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/models/{model_name}/versions/{model_version}/infer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open Inference Protocol v2 inference on one revision
         * @description As v2ModelInfer, but served by the deployment's revision `{model_version}` (its number) whatever the traffic split says; a revision that does not run (neither routed nor shadowed) answers 404.
         */
        post: operations["v2ModelVersionInfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an experiment in the project (CreateExperiment).
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_createExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an experiment by id; `0` is the project's Default experiment.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getExperiment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/get-by-name": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an experiment by name within the project.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getExperimentByName"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the project's experiments (query-string form).
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_searchExperimentsGet"];
        put?: never;
        /**
         * Search the project's experiments.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_searchExperiments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rename an experiment.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_updateExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark an experiment and its runs deleted.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_deleteExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a deleted experiment and its runs.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_restoreExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/set-experiment-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a tag on an experiment.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_setExperimentTag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/experiments/delete-experiment-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete a tag of an experiment.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_deleteExperimentTag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a run (experiment `0` is the project's Default experiment).
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_createRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Update a run's status, end time or name.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_updateRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a run deleted.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_deleteRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a deleted run.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_restoreRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a run with its latest metrics, params, tags and inputs.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/log-metric": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log one metric point.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_logMetric"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/log-parameter": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log one param (write-once).
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_logParam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/set-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a run tag.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_setTag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/delete-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete a run tag.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_deleteTag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/log-batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log up to 1000 metrics, 100 params and 100 tags atomically; safe to retry.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_logBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/log-inputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link dataset inputs to a run.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_logInputs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search runs with MLflow's filter grammar and order_by.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_searchRuns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/metrics/get-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A metric's full history for a run, paged.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getMetricHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/metrics/get-history-bulk-interval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One metric's history for several runs, downsampled.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getMetricHistoryBulkInterval"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/runs/outputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the logged models a run produced.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_logOutputs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/artifacts/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a run's artifacts under a path.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_listArtifacts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/logged-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an MLflow 3 logged model.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_createLoggedModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/logged-models/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search logged models.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_searchLoggedModels"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/logged-models/{model_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a logged model.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getLoggedModel"];
        put?: never;
        post?: never;
        /**
         * Delete a logged model.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        delete: operations["mlflow_deleteLoggedModel"];
        options?: never;
        head?: never;
        /**
         * Finalize a logged model (READY or UPLOAD_FAILED).
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        patch: operations["mlflow_finalizeLoggedModel"];
        trace?: never;
    };
    "/api/2.0/mlflow/logged-models/{model_id}/params": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log params of a logged model.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_logLoggedModelParams"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/logged-models/{model_id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set tags of a logged model.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        patch: operations["mlflow_setLoggedModelTags"];
        trace?: never;
    };
    "/api/2.0/mlflow/logged-models/{model_id}/tags/{tag_key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a tag of a logged model.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        delete: operations["mlflow_deleteLoggedModelTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a model name in the project. (CreateRegisteredModel)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_createRegisteredModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/rename": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rename a registered model. (RenameRegisteredModel)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_renameRegisteredModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a registered model's description. (UpdateRegisteredModel)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        patch: operations["mlflow_updateRegisteredModel"];
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a registered model with its versions. (DeleteRegisteredModel)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        delete: operations["mlflow_deleteRegisteredModel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a registered model by name. (GetRegisteredModel)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getRegisteredModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search registered models (`name LIKE '...'`, `tags.<key> = '...'`). (SearchRegisteredModels)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_searchRegisteredModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/get-latest-versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The newest version in each stage. (GetLatestVersions)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_getLatestVersions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/set-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a registered model tag. (SetRegisteredModelTag)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_setRegisteredModelTag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/delete-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a registered model tag. (DeleteRegisteredModelTag)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        delete: operations["mlflow_deleteRegisteredModelTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/registered-models/alias": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The version an alias points at. (GetModelVersionByAlias)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getModelVersionByAlias"];
        put?: never;
        /**
         * Point an alias at a version. (SetRegisteredModelAlias)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_setRegisteredModelAlias"];
        /**
         * Delete an alias. (DeleteRegisteredModelAlias)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        delete: operations["mlflow_deleteRegisteredModelAlias"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a version from a source (`runs:/`, `models:/<model_id>`, `mlflow-artifacts:/` of the project). (CreateModelVersion)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_createModelVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a version's description. (UpdateModelVersion)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        patch: operations["mlflow_updateModelVersion"];
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/transition-stage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a version to another stage. (TransitionModelVersionStage)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_transitionModelVersionStage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a version. (DeleteModelVersion)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        delete: operations["mlflow_deleteModelVersion"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/get": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a version. (GetModelVersion)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getModelVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search versions (`name = '...'`, `run_id = '...'`, `tags.<key> = '...'`). (SearchModelVersions)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_searchModelVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/get-download-uri": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the version's files are (`mlflow-artifacts:/...`). (GetModelVersionDownloadUri)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflow_getModelVersionDownloadUri"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/set-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a version tag. (SetModelVersionTag)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        post: operations["mlflow_setModelVersionTag"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow/model-versions/delete-tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a version tag. (DeleteModelVersionTag)
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        delete: operations["mlflow_deleteModelVersionTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow-artifacts/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List artifacts under a proxy path (query `path`).
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflowArtifacts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow-artifacts/artifacts/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an artifact (streamed, with Content-Disposition and nosniff).
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        get: operations["mlflowArtifacts_download"];
        /**
         * Upload an artifact (raw body, streamed to the store; limited by max_upload_bytes).
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        put: operations["mlflowArtifacts_upload"];
        post?: never;
        /**
         * Delete an artifact or a directory.
         * @description MLflow REST API, as documented at https://mlflow.org/docs/latest/rest-api.html; errors use MLflow's shape.
         */
        delete: operations["mlflowArtifacts_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow-artifacts/mpu/create/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a multipart upload; answers the upload_id and one part URL with headers per part.
         * @description MLflow REST API (mlflow/protos/mlflow_artifacts.proto), called by the client when MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD is set; errors use MLflow's shape. The local folder store answers 501 NOT_IMPLEMENTED, and the client falls back to one upload.
         */
        post: operations["mlflowArtifacts_createMultipartUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow-artifacts/mpu/complete/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish the uploaded parts as one artifact.
         * @description MLflow REST API (mlflow/protos/mlflow_artifacts.proto), called by the client when MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD is set; errors use MLflow's shape. The local folder store answers 501 NOT_IMPLEMENTED, and the client falls back to one upload.
         */
        post: operations["mlflowArtifacts_completeMultipartUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow-artifacts/mpu/abort/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Drop a multipart upload and its parts.
         * @description MLflow REST API (mlflow/protos/mlflow_artifacts.proto), called by the client when MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD is set; errors use MLflow's shape. The local folder store answers 501 NOT_IMPLEMENTED, and the client falls back to one upload.
         */
        post: operations["mlflowArtifacts_abortMultipartUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/2.0/mlflow-artifacts/mpu/part": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload one part of a multipart upload (the URL mpu/create hands out).
         * @description Needs no API key; the X-Cairn-Upload-Token header from mpu/create grants this one part (6 hours). At most max_body_bytes. Answers the part's ETag, which mpu/complete takes back.
         */
        put: operations["mlflowArtifacts_uploadPart"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The project's monitors
         * @description API key scope `read`. A deployment's monitor appears once it has received a prediction (or was asked for).
         */
        get: operations["listMonitors"];
        put?: never;
        /**
         * Monitor a model served elsewhere (or name a deployment's monitor)
         * @description Developer (API key scope `write`). Without `deployment`, records arrive by API (`POST .../records`).
         */
        post: operations["createMonitor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A monitor
         * @description API key scope `read`.
         */
        get: operations["getMonitor"];
        put?: never;
        post?: never;
        /**
         * Delete a monitor with its statistics, records and labels
         * @description Developer (API key scope `write`). A deployment's monitor comes back empty with its next prediction.
         */
        delete: operations["deleteMonitor"];
        options?: never;
        head?: never;
        /**
         * Change a monitor's drift tests, thresholds, ignored features, window or task
         * @description Developer (API key scope `write`). `config` replaces the configuration; it applies to the next report and evaluation.
         */
        patch: operations["updateMonitor"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/deployments/{deployment}/monitor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A deployment's monitor (made now if its first prediction has not come yet)
         * @description API key scope `read`.
         */
        get: operations["getDeploymentMonitor"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/reference": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the reference data drift is judged against
         * @description Developer (API key scope `write`). Records as JSON (`{records}` as for sending records; timestamps ignored), a CSV file (`text/csv`, one column per feature), a Parquet file (`application/vnd.apache.parquet` or `application/x-parquet`: a flat table read by the server, as the CSV: columns `id`, `timestamp`, `prediction` and `prediction.<name>` are special, numeric columns are numeric features, strings and booleans categorical; codecs UNCOMPRESSED, SNAPPY, GZIP and ZSTD; a nested column, INT96, FIXED_LEN_BYTE_ARRAY or another codec is a 422 naming the column; at most 10,000 rows), `{window: {from, to}}` to take the records kept from production in that window, or `{dataset: {run_id?, name?}}` to take the training dataset a run logged with `mlflow.log_input` (by name, else the one logged with context "training", else the run's only one; without `run_id`, a deployment's monitor uses the run of the model version it serves). The dataset's source must be an artifact Cairn stores (`mlflow.get_artifact_uri("train.csv")`), a .csv, a .json list of rows or a .parquet file. Its statistics (bins, sketches; the raw values of small references) are computed once and stored; the features and their kinds become the monitor's.
         */
        put: operations["setMonitorReference"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Records kept (sent by API, or the sampled share of a deployment's), with their labels
         * @description API key scope `read`. Oldest first; `from`/`to` (ms, default the last hour), `limit` (default 1000, at most 10,000). With `format=csv`, one line per record with the columns `id`, `timestamp`, `revision`, one per feature, `prediction` (or `prediction.<name>` per field of object predictions) and `label`.
         */
        get: operations["listMonitorRecords"];
        put?: never;
        /**
         * Send inference records of a model served elsewhere
         * @description API key scope `monitor` (developer). JSON `{records}` or CSV (`text/csv`; columns `id`, `timestamp`, `prediction` or `prediction.<name>`, the others features). At most 10,000 records, each within the last 7 days and at most an hour ahead. The batch is validated whole (unknown features, kinds other than the reference's, bad timestamps answer 422 naming the field) and stored whole; an id stored before is skipped, so resending is safe.
         */
        post: operations["sendMonitorRecords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Hear when the monitor's statistics change (server-sent events), to refresh a live dashboard
         * @description API key scope `read`. A `text/event-stream` that stays open: `ready` first, then an `update` each time new
         *     statistics of the monitor were written (by any replica's flush, seen within two seconds), its `data`
         *     `{"written_at": ms}`; a comment (`: keep-alive`) every 15 seconds. Fetch the reports again on `update`.
         */
        get: operations["followMonitorUpdates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send ground truth for records, by record id (a deployment's records are its request ids)
         * @description API key scope `monitor` (developer). JSON `{labels: [{id, label}]}` or CSV with columns `id` and `label`; at most 10,000. A label replaces an earlier one; labels may arrive before their records.
         */
        post: operations["sendMonitorLabels"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/service": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Requests, errors, latency and batch-size quantiles, cache hits per bucket
         * @description API key scope `read`. Per bucket of `resolution` (60, 3600 or 86400 s; by default one that suits the range) and in total; `group_by=revision` splits buckets by the deployment revision that answered. Latency quantiles come from DDSketch with 1% relative error. Range: `from`/`to` in ms (default the last hour).
         */
        get: operations["getMonitorService"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/drift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Data drift per feature against the reference, or against another window
         * @description API key scope `read`. Each feature with the test that decided (Evidently's default by kind and reference size unless configured), its score or p-value, threshold, and both histograms on the reference's bins; dataset drift when the share of drifted features reaches the configured share (0.5). `baseline_from`/`baseline_to` compare with that window instead of the reference. 409 without a reference or baseline. Range: `from`/`to` in ms (default the last hour).
         */
        get: operations["getMonitorDrift"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/quality": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Data quality - missing values, values outside the reference range, new categories, type and validation errors
         * @description API key scope `read`. Per feature over the range, and each feature's missing share per bucket. Range: `from`/`to` in ms (default the last hour).
         */
        get: operations["getMonitorQuality"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/performance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Model performance from labelled records
         * @description API key scope `read`. Classification (accuracy, precision, recall, F1, ROC AUC and log loss for scores, confusion matrix) or regression (MAE, RMSE, MAPE, R2), per bucket and in total, with the label coverage. The task is the monitor's, else told from the labels. Range: `from`/`to` in ms (default the last hour).
         */
        get: operations["getMonitorPerformance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/monitors/{monitor}/series": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Series stored by the evaluation job
         * @description API key scope `read`. `name`: drift_share, dataset_drift, drifted_features, drift_score:<feature>, drifted:<feature>, missing_share:<feature>, requests, error_rate, latency_p99_ms; a trailing `*` matches a prefix. Points are [time in ms, value]. Range: `from`/`to` in ms (default the last hour).
         */
        get: operations["getMonitorSeries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alert-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's alert rules with their evaluation state and open alert, and the template gallery */
        get: operations["listAlertRules"];
        put?: never;
        /**
         * Create an alert rule on a monitor's series (evaluated from the next second on)
         * @description Developer role; API key scope `write`.
         */
        post: operations["createAlertRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alert-rule-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One-click rules for the common cases (latency, errors, no traffic, drift, accuracy, rollback) */
        get: operations["listAlertRuleTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alert-rules/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A rule's series over the last hours, and when it would have fired */
        post: operations["previewAlertRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alert-rules/{rule}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An alert rule with its evaluation state */
        get: operations["getAlertRule"];
        put?: never;
        post?: never;
        /** Delete a rule and its alerts */
        delete: operations["deleteAlertRule"];
        options?: never;
        head?: never;
        /** Change a rule (any field of create); it takes effect at the next evaluation. Disabling resolves its alert. */
        patch: operations["updateAlertRule"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The alert inbox, newest first */
        get: operations["listAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alerts/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts per rule, per deployment and per day, mean time to acknowledge and resolve, the noisiest rules */
        get: operations["alertAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alerts/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge, resolve or silence several alerts */
        post: operations["bulkAlertAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alerts/{alert}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An alert, its timeline (transitions, notifications, escalations, actions) and its deliveries */
        get: operations["getAlert"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alerts/{alert}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an open alert (stops its escalation; PagerDuty channels get an acknowledge event) */
        post: operations["acknowledgeAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alerts/{alert}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve an open alert by hand (the rule opens a new one if its condition still holds) */
        post: operations["resolveAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alert-channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where alerts can go; secret fields answer "***" */
        get: operations["listAlertChannels"];
        put?: never;
        /** Add an email, Slack, webhook or PagerDuty channel (URLs pass the SSRF guard; secrets are sealed) */
        post: operations["createAlertChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alert-channels/{channel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a channel (and its pending notifications) */
        delete: operations["deleteAlertChannel"];
        options?: never;
        head?: never;
        /** Change a channel; a secret field sent as "***" or left out keeps its value */
        patch: operations["updateAlertChannel"];
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alert-channels/{channel}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test notification now and answer how the delivery went (logged, never retried) */
        post: operations["testAlertChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/notification-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's routing tree (Alertmanager's routes, grouping timers and escalation levels) */
        get: operations["getNotificationPolicy"];
        /** Replace the routing tree; every channel it names must exist */
        put: operations["putNotificationPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/silences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active and scheduled silences (and expired ones with include_expired=true) */
        get: operations["listSilences"];
        put?: never;
        /** Silence the alerts whose labels match, for a time window, saying why */
        post: operations["createSilence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/silences/{silence}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a silence now (it stays listed as expired) */
        delete: operations["expireSilence"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/projects/{project}/alert-notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The outbox and its delivery log (each attempt with status code and error), newest first */
        get: operations["listAlertNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description One server-sent event of a deployment's log stream; `data` is the JSON of a `LogLine`. */
        LogStreamEvent: {
            /** @constant */
            event: "log";
            data: string;
        };
        /** @description One server-sent event of a monitor's stream: `ready` ({"monitor": name}) first, then `update` ({"written_at": ms}). */
        MonitorStreamEvent: {
            /** @enum {string} */
            event: "ready" | "update";
            data: string;
        };
        /** @description A rule watches a monitor or, for training, an experiment (exactly one of the two). */
        AlertRuleInput: {
            name: string;
            /** @default true */
            enabled: boolean;
            /**
             * @default warning
             * @enum {string}
             */
            severity: "critical" | "warning" | "info";
            /** @description The monitor watched (a deployment's has the deployment's name). */
            monitor?: string;
            /** @description Instead of a monitor: the experiment (by name) whose runs' metric the rule watches (series metric:<key>). */
            experiment?: string;
            /** @description On a monitor: latency_p50_ms, latency_p90_ms, latency_p95_ms, latency_p99_ms, error_rate, request_rate, requests, errors (from the monitor's statistics over the window); worker_restarts (the deployment's worker exits in the window); drift_share, dataset_drift, drifted_features, drift_score:<feature>, drifted:<feature>, missing_share:<feature> (the drift evaluation's latest point in the window); accuracy, precision, recall, f1, roc_auc, log_loss, mae, rmse, r2 (labelled records in the window). On an experiment: metric:<key>, the runs that logged the metric in the window (NaN points left out), combined by `aggregate`; absence fires when no run logged it. */
            series: string;
            /**
             * @description metric:<key>: each run's latest value in the window, then the last one logged, or their min, max or mean.
             * @default last
             * @enum {string}
             */
            aggregate: "last" | "min" | "max" | "mean";
            /** @default 300 */
            window_seconds: number;
            condition: components["schemas"]["AlertCondition"];
            /** @default 60 */
            interval_seconds: number;
            /**
             * @description Pending this long before firing.
             * @default 0
             */
            for_seconds: number;
            /** @default 0 */
            keep_firing_seconds: number;
            labels?: {
                [key: string]: string;
            };
            /** @description summary, description, runbook_url, ...: templates with {{ $value }} and {{ $labels.<name> }}. */
            annotations?: {
                [key: string]: string;
            };
            actions?: {
                rollback?: {
                    enabled?: boolean;
                    cooldown_seconds?: number;
                };
            };
        };
        /** @description Any field of AlertRuleInput. */
        AlertRulePatch: {
            name?: string;
            enabled?: boolean;
            /** @enum {string} */
            severity?: "critical" | "warning" | "info";
            /** @description Naming a monitor replaces the experiment, and the other way round (naming both is refused). */
            monitor?: string;
            experiment?: string;
            series?: string;
            /** @enum {string} */
            aggregate?: "last" | "min" | "max" | "mean";
            window_seconds?: number;
            condition?: components["schemas"]["AlertCondition"];
            interval_seconds?: number;
            for_seconds?: number;
            keep_firing_seconds?: number;
            labels?: {
                [key: string]: string;
            };
            annotations?: {
                [key: string]: string;
            };
            actions?: Record<string, never>;
        };
        AlertCondition: {
            /** @enum {string} */
            type?: "threshold" | "change" | "absence";
            /** @enum {string} */
            op?: ">" | ">=" | "<" | "<=" | "==" | "!=";
            value?: number;
            /** @description change: in percent of the earlier value */
            relative?: boolean;
            /** @description change: how far back the earlier window ends */
            offset_seconds?: number;
        };
        AlertRule: {
            id: string;
            name: string;
            enabled: boolean;
            /** @enum {string} */
            severity: "critical" | "warning" | "info";
            /** @description Absent on a rule that watches an experiment. */
            monitor?: string;
            /** @description Present on a rule that watches an experiment's runs. */
            experiment?: string;
            /** @enum {string} */
            aggregate?: "last" | "min" | "max" | "mean";
            series: string;
            window_seconds: number;
            condition: components["schemas"]["AlertCondition"];
            interval_seconds: number;
            for_seconds: number;
            keep_firing_seconds: number;
            labels: {
                [key: string]: string;
            };
            annotations: {
                [key: string]: string;
            };
            actions: Record<string, never>;
            status: {
                /** @enum {string} */
                health?: "unknown" | "ok" | "no_data" | "error";
                /** @description Why the rule cannot evaluate (its monitor is gone, ...). */
                last_error?: string;
                last_value?: number | null;
                /** Format: int64 */
                last_evaluated_at?: number;
                /** Format: int64 */
                next_evaluation_at?: number;
                last_evaluation_ms?: number;
            };
            /** @description The rule's pending or firing alert. */
            alert: {
                id?: string;
                state?: string;
                /** Format: int64 */
                active_since?: number;
                /** Format: int64 */
                fired_at?: number;
            } | null;
            created_by: string;
            /** Format: int64 */
            created_at: number;
            /** Format: int64 */
            updated_at: number;
        };
        AlertRuleTemplate: {
            id: string;
            title: string;
            description: string;
            /**
             * @description What the rule body still needs named.
             * @enum {string}
             */
            target: "monitor" | "experiment";
            /** @description A rule body without name and its monitor or experiment. */
            rule: Record<string, never>;
        };
        Alert: {
            id: string;
            rule: {
                id?: string;
                name?: string;
            };
            /** @enum {string} */
            state: "pending" | "firing" | "resolved";
            /** @enum {string} */
            severity: "critical" | "warning" | "info";
            labels: {
                [key: string]: string;
            };
            annotations: {
                [key: string]: string;
            };
            value: number | null;
            /** Format: int64 */
            active_since: number;
            /** Format: int64 */
            fired_at: number | null;
            /** Format: int64 */
            resolved_at: number | null;
            acknowledged: {
                by?: string;
                /** Format: int64 */
                at?: number;
                note?: string;
            } | null;
            /** @description The silence that holds it. */
            silenced_by: string | null;
        };
        AlertDetail: components["schemas"]["Alert"] & {
            timeline: {
                /** Format: int64 */
                at?: number;
                /** @description pending, firing, resolved, acknowledged, silenced, notified, escalated, escalation_level, rollback, rollback_failed */
                kind?: string;
                actor?: string;
                detail?: Record<string, never>;
            }[];
            notifications: Record<string, never>[];
        };
        AlertNote: {
            note?: string;
        };
        AlertAnalytics: {
            /** Format: int64 */
            from: number;
            /** Format: int64 */
            to: number;
            fired: number;
            mean_time_to_acknowledge_seconds?: number | null;
            mean_time_to_resolve_seconds?: number | null;
            by_rule: Record<string, never>[];
            by_deployment: Record<string, never>[];
            by_day: Record<string, never>[];
            noisiest: Record<string, never>[];
        };
        /** @description email: {to: [addresses]}; slack: {url}; webhook: {url, hmac_secret?, headers?}; pagerduty: {routing_key, url?}. Secret fields (Slack's and the webhook's url, hmac_secret, header values, routing_key) are sealed and answered as "***". */
        AlertChannelConfig: Record<string, never>;
        AlertChannel: {
            id: string;
            name: string;
            /** @enum {string} */
            kind: "email" | "slack" | "webhook" | "pagerduty";
            /** @description Secrets answered as "***": Slack's and the webhook's URL, hmac_secret, the webhook's header values, routing_key. Sent back as "***" in an update, they keep their value. */
            config: components["schemas"]["AlertChannelConfig"];
            /** @description Where it sends, without secrets: the URL's host and port, or the recipients. */
            destination: string;
            send_resolved: boolean;
            created_by: string;
            /** Format: int64 */
            created_at: number;
            /** Format: int64 */
            updated_at: number;
        };
        LabelMatcher: {
            name: string;
            /**
             * @default =
             * @enum {string}
             */
            op: "=" | "!=" | "=~" | "!~";
            value: string;
        };
        NotificationPolicy: {
            routes?: {
                name?: string;
                matchers?: components["schemas"]["LabelMatcher"][];
                channels?: string[];
                /** @description Label names; "..." groups by every label. */
                group_by?: string[];
                group_wait_seconds?: number;
                group_interval_seconds?: number;
                repeat_interval_seconds?: number;
                continue?: boolean;
                escalation?: {
                    after_seconds?: number;
                    channels?: string[];
                    /** @description Members of the organization paged by email, each through a channel `member:<email>` made when the policy first names them; one who leaves the organization is paged no more. */
                    members?: string[];
                }[];
                escalation_repeat_seconds?: number;
            }[];
        };
        Silence: {
            id: string;
            matchers: components["schemas"]["LabelMatcher"][];
            /** Format: int64 */
            starts_at: number;
            /** Format: int64 */
            ends_at: number;
            comment: string;
            created_by: string;
            /** Format: int64 */
            created_at: number;
            /** @enum {string} */
            state: "active" | "pending" | "expired";
        };
        AlertNotification: {
            id: string;
            channel: string;
            kind: string;
            /** @enum {string} */
            reason: "group" | "escalation" | "acknowledge" | "test";
            group_key: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            last_error?: string | null;
            /** Format: int64 */
            created_at: number;
            /** Format: int64 */
            delivered_at?: number | null;
            event?: string;
            alert_ids?: string[];
            log: {
                attempt?: number;
                /** Format: int64 */
                at?: number;
                status_code?: number;
                error?: string | null;
                duration_ms?: number;
            }[];
        };
        Monitor: {
            id: string;
            name: string;
            /** @description The deployment whose predictions it receives; null when records arrive by API. */
            deployment_id: string | null;
            config: components["schemas"]["MonitorConfig"];
            reference: components["schemas"]["MonitorReference"] | null;
            created_by: string;
            /** Format: int64 */
            created_at: number;
            /** Format: int64 */
            updated_at: number;
        };
        MonitorConfig: {
            /** @description Dataset drift when at least this share of features drifted (default 0.5). */
            drift_share?: number | null;
            method?: components["schemas"]["DriftMethodOrNull"];
            /** @description For every feature; a p-value for ks, chisquare and z (drift below it), a distance for the others (drift at or above it). */
            threshold?: number | null;
            /** @description Per feature, `{method?, threshold?}`. */
            features?: {
                [key: string]: {
                    method?: components["schemas"]["DriftMethodOrNull"];
                    threshold?: number | null;
                };
            } | null;
            ignore?: string[] | null;
            /** @description The window the evaluation job judges (default 60). */
            window_minutes?: number | null;
            /** @description How often the evaluation job stores series (default 5). */
            evaluation_minutes?: number | null;
            /** @enum {string|null} */
            task?: "classification" | "regression" | null;
        };
        /**
         * @description null picks Evidently's default by the feature's kind and the reference's size.
         * @enum {string|null}
         */
        DriftMethodOrNull: "ks" | "chisquare" | "z" | "wasserstein" | "jensenshannon" | "psi" | "kl_div" | "hellinger" | "tvd" | null;
        MonitorReference: {
            /** @enum {string} */
            source?: "records" | "csv" | "parquet" | "window" | "dataset";
            /** @description With source dataset: which one, e.g. "dataset 'train' of run <id>". */
            dataset?: string;
            rows?: number;
            /** Format: int64 */
            created_at?: number;
            features?: {
                [key: string]: "numeric" | "categorical";
            };
        };
        CreateMonitorRequest: {
            name: string;
            /** @description A deployment of the project, whose predictions the monitor receives. */
            deployment?: string | null;
            config?: components["schemas"]["MonitorConfig"];
        };
        MonitorRecordsRequest: {
            records: {
                /** @description The record's id (idempotency; labels name it). Made up when absent. */
                id?: string;
                /** @description ms since the epoch or ISO 8601 UTC; now when absent. */
                timestamp?: number | string;
                features: {
                    [key: string]: number | string | boolean | null;
                };
                /** @description A scalar, or an object of scalars for several outputs. */
                prediction?: unknown;
            }[];
        };
        /** @description A report over a range (see each operation); `from`, `to` and, for bucketed reports, `resolution` and `buckets`. */
        MonitorReport: {
            /** Format: int64 */
            from?: number;
            /** Format: int64 */
            to?: number;
            resolution?: number;
            buckets?: Record<string, never>[];
        };
        /** @description An MLflow protobuf message as JSON (see mlflow/protos/service.proto). */
        MlflowMessage: {
            [key: string]: unknown;
        };
        MlflowError: {
            /** @example RESOURCE_DOES_NOT_EXIST */
            error_code: string;
            message: string;
        };
        /**
         * @description 32 lowercase hex characters.
         * @example 8f14e45fceea167a5a36dedd4bea2543
         */
        Id: string;
        /**
         * Format: int64
         * @description Milliseconds since the Unix epoch.
         * @example 1732608000000
         */
        Timestamp: number;
        /**
         * Format: email
         * @example ada@example.com
         */
        Email: string;
        /**
         * @description Lowercase letters, digits and `-`, 2 to 50 characters, starting and ending with a letter or digit.
         * @example acme
         */
        Slug: string;
        /**
         * @description Role in an organization or a project.
         * @enum {string}
         */
        Role: "admin" | "developer" | "viewer";
        /**
         * @description API key scope (`monitor` only sends monitoring records and labels).
         * @enum {string}
         */
        Scope: "read" | "write" | "deploy" | "predict" | "monitor" | "admin";
        /**
         * @description `org`: every org member can see it; `private`: org admins and project members only.
         * @enum {string}
         */
        Visibility: "org" | "private";
        /** @description The body of every error answer under `/api/v1`. */
        Error: {
            error: {
                /**
                 * @description Stable machine-readable code; each maps to one HTTP status (see the API description).
                 * @enum {string}
                 */
                code: "bad_request" | "validation_failed" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "payload_too_large" | "rate_limited" | "internal" | "unavailable" | "timeout";
                /** @description Human-readable; may change between versions. */
                message: string;
                /** @description Same value as the `X-Request-Id` response header. */
                request_id: string;
                /** @description The request field at fault (body property, query parameter name), present only when one field is at fault. Nested fields use dots, e.g. `settings.production_promotion`. */
                field?: string;
            };
        };
        HealthStatus: {
            /** @enum {string} */
            status: "ok";
        };
        ReadyStatus: {
            /** @enum {string} */
            status: "ready" | "unavailable";
            /** @description `ok`, or a short reason, e.g. `error`. */
            database: string;
            /** @description `ok` when every embedded migration is applied, else a short reason, e.g. `pending`. */
            migrations: string;
        };
        User: {
            id: components["schemas"]["Id"];
            email: components["schemas"]["Email"];
            name: string;
            email_verified: boolean;
            created_at: components["schemas"]["Timestamp"];
        };
        /** @description An organization the user belongs to, with their role in it. */
        OrgMembership: {
            id: components["schemas"]["Id"];
            slug: components["schemas"]["Slug"];
            name: string;
            role: components["schemas"]["Role"];
        };
        Me: components["schemas"]["User"] & {
            organizations: components["schemas"]["OrgMembership"][];
        };
        TokenPair: {
            /** @description JWT; send as `Authorization: Bearer <access_token>`. */
            access_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            /** @description Access token lifetime in seconds (900). */
            expires_in: number;
            /** @description Opaque; single use (rotated by `/auth/refresh`). Absent when `/auth/refresh` read the token from the HttpOnly cookie, which then carries the new one. */
            refresh_token?: string;
            user: components["schemas"]["User"];
        };
        SignupRequest: {
            email: components["schemas"]["Email"];
            /**
             * Format: password
             * @description 8 to 128 characters.
             */
            password: string;
            name: string;
            /** @description Accept this invitation on signup. */
            invitation_token?: string;
        };
        LoginRequest: {
            email: components["schemas"]["Email"];
            /** Format: password */
            password: string;
        };
        /** @description Without `refresh_token` (or with null), the `cairn_refresh` cookie is used. */
        RefreshRequest: {
            refresh_token?: string | null;
        };
        /** @description Without `refresh_token` (or with null), the `cairn_refresh` cookie is used. */
        LogoutRequest: {
            refresh_token?: string | null;
        };
        TokenRequest: {
            /** @description The one-time token from the email. */
            token: string;
        };
        PasswordResetRequestRequest: {
            email: components["schemas"]["Email"];
        };
        PasswordResetRequest: {
            /** @description The one-time token from the reset email. */
            token: string;
            /**
             * Format: password
             * @description 8 to 128 characters.
             */
            new_password: string;
        };
        UpdateMeRequest: {
            name: string;
        };
        ChangePasswordRequest: {
            /** Format: password */
            current_password: string;
            /**
             * Format: password
             * @description 8 to 128 characters.
             */
            new_password: string;
        };
        Session: {
            id: components["schemas"]["Id"];
            created_at: components["schemas"]["Timestamp"];
            last_used_at: components["schemas"]["Timestamp"];
            expires_at: components["schemas"]["Timestamp"];
            /** @description Empty when unknown. */
            user_agent: string;
            /** @description IPv4 or IPv6 address; empty when unknown. */
            ip: string;
            /** @description True for the session making this request. */
            current: boolean;
        };
        /** @description Not paginated. */
        SessionList: {
            items: components["schemas"]["Session"][];
        };
        OrganizationSettings: {
            /**
             * @description Who may promote a model to production.
             * @enum {string}
             */
            production_promotion: "admins" | "developers";
        };
        Organization: {
            id: components["schemas"]["Id"];
            slug: components["schemas"]["Slug"];
            name: string;
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
            /** @description The caller's role in this organization. */
            role: components["schemas"]["Role"];
            settings: components["schemas"]["OrganizationSettings"];
        };
        /** @description Not paginated. */
        OrganizationList: {
            items: components["schemas"]["Organization"][];
        };
        CreateOrganizationRequest: {
            name: string;
            slug?: components["schemas"]["Slug"];
        };
        UpdateOrganizationRequest: {
            /** @description null means not given. */
            name?: string | null;
            /** @description null means not given. */
            slug?: components["schemas"]["Slug"] | null;
            /** @description Only the given settings change. */
            settings?: {
                /** @enum {string} */
                production_promotion?: "admins" | "developers";
            } | null;
        };
        Member: {
            user_id: components["schemas"]["Id"];
            email: components["schemas"]["Email"];
            name: string;
            role: components["schemas"]["Role"];
            joined_at: components["schemas"]["Timestamp"];
        };
        /** @description A page of organization members. */
        MemberPage: {
            items: components["schemas"]["Member"][];
            /** @description Pass as `cursor` to get the next page; null on the last page. */
            next_cursor: string | null;
        };
        RoleRequest: {
            role: components["schemas"]["Role"];
        };
        Invitation: {
            id: components["schemas"]["Id"];
            email: components["schemas"]["Email"];
            role: components["schemas"]["Role"];
            /** @description User id of the admin who sent it. */
            invited_by: components["schemas"]["Id"];
            created_at: components["schemas"]["Timestamp"];
            expires_at: components["schemas"]["Timestamp"];
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            /** @description The link that accepts the invitation (it carries the one-time token). Only for a pending invitation, only to the org's admins, and only when the server sends no email (no SMTP server configured). */
            accept_url?: string;
        };
        /** @description A created or resent invitation, and how it reaches the invitee. */
        SentInvitation: components["schemas"]["Invitation"] & {
            /** @description False when the server has no SMTP server configured; then `accept_url` is the link to pass on. */
            email_sent: boolean;
        };
        /** @description A page of invitations. */
        InvitationPage: {
            items: components["schemas"]["Invitation"][];
            /** @description Pass as `cursor` to get the next page; null on the last page. */
            next_cursor: string | null;
        };
        CreateInvitationRequest: {
            email: components["schemas"]["Email"];
            role: components["schemas"]["Role"];
        };
        AuditEvent: {
            id: components["schemas"]["Id"];
            created_at: components["schemas"]["Timestamp"];
            /** @description `<target_type>.<verb>`: `auth.signup`, `auth.login`, `auth.login_failed`, `auth.password_change`, `auth.password_reset_request`, `auth.password_reset`, `session.revoke`, `session.refresh_token_reuse`, `organization.create`, `organization.update`, `organization.delete`, `member.role_change`, `member.remove`, `member.leave`, `invitation.create`, `invitation.resend`, `invitation.revoke`, `invitation.accept`, `project.create`, `project.update`, `project.delete`, `project.member_set`, `project.member_remove`, `api_key.create`, `api_key.rotate`, `api_key.revoke`, `registered_model.create`, `registered_model.rename`, `registered_model.delete`, `registered_model.alias_set`, `registered_model.alias_delete`, `model_version.create`, `model_version.delete`, `model_version.stage_change` (details `from`, `to`, `comment`; a promotion to production archiving the previous version records both moves), `run.delete`, `run.restore`, and the deployment and environment events. */
            action: string;
            /** @enum {string} */
            actor_type: "user" | "api_key" | "system" | "anonymous";
            /** @description User or API key id; empty for `system`. */
            actor_id: string;
            /** @description The actor as it was named when the event happened (a user's name, "<key name> key of <user name>"); empty when unknown (anonymous, or events older than this field). */
            actor_name: string;
            /** @description Empty when the action has no target. */
            target_type: string;
            /** @description Empty when the action has no target. A model version is `<registered model id>/<version>`. */
            target_id: string;
            /** @description The target as it was named when the event happened, so a deleted model, version or run keeps its name ("churn", "churn v2"); empty when unknown. */
            target_name: string;
            /** @description Client address; empty when unknown (e.g. `system`). */
            ip: string;
            /** @description The `X-Request-Id` of the request that caused it; empty for `system`. */
            request_id: string;
            /** @description Action-specific; never holds secrets. */
            details: {
                [key: string]: unknown;
            };
        };
        /** @description A page of audit events, newest first. */
        AuditEventPage: {
            items: components["schemas"]["AuditEvent"][];
            /** @description Pass as `cursor` to get the next page; null on the last page. */
            next_cursor: string | null;
        };
        Project: {
            id: components["schemas"]["Id"];
            org_id: components["schemas"]["Id"];
            slug: components["schemas"]["Slug"];
            name: string;
            /** @description Empty when not set. */
            description: string;
            visibility: components["schemas"]["Visibility"];
            /** @description User id of the creator. */
            created_by: components["schemas"]["Id"];
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        /** @description A page of projects. */
        ProjectPage: {
            items: components["schemas"]["Project"][];
            /** @description Pass as `cursor` to get the next page; null on the last page. */
            next_cursor: string | null;
        };
        CreateProjectRequest: {
            name: string;
            slug?: components["schemas"]["Slug"];
            description?: string;
            /** @default org */
            visibility: components["schemas"]["Visibility"];
        };
        UpdateProjectRequest: {
            name?: string | null;
            /** @description null means not given. */
            description?: string | null;
            /** @description null means not given. */
            visibility?: components["schemas"]["Visibility"] | null;
        };
        ProjectStats: {
            experiments: number;
            runs: number;
            models: number;
            deployments: number;
        };
        ProjectMember: {
            user_id: components["schemas"]["Id"];
            email: components["schemas"]["Email"];
            name: string;
            role: components["schemas"]["Role"];
            added_at: components["schemas"]["Timestamp"];
        };
        /** @description Not paginated. */
        ProjectMemberList: {
            items: components["schemas"]["ProjectMember"][];
        };
        ApiKey: {
            id: components["schemas"]["Id"];
            name: string;
            /** @description Public lookup part of the key, as in `cairn_<prefix>_<secret>`. */
            prefix: string;
            scopes: components["schemas"]["Scope"][];
            /** @description When set, the key works only in this project. */
            project_id: string | null;
            /** @description The creator; the key acts with this user's role AND its scopes. */
            user_id: components["schemas"]["Id"];
            created_at: components["schemas"]["Timestamp"];
            /**
             * Format: int64
             * @description Null: never expires.
             */
            expires_at: number | null;
            /** Format: int64 */
            revoked_at: number | null;
            /** Format: int64 */
            last_used_at: number | null;
            /** @description IPv4 or IPv6 address, when known. */
            last_used_ip: string | null;
        };
        ApiKeyWithSecret: components["schemas"]["ApiKey"] & {
            /** @description The full key, `cairn_<prefix>_<secret>`. Returned only by create and rotate. */
            secret: string;
        };
        /** @description A page of API keys. */
        ApiKeyPage: {
            items: components["schemas"]["ApiKey"][];
            /** @description Pass as `cursor` to get the next page; null on the last page. */
            next_cursor: string | null;
        };
        CreateApiKeyRequest: {
            name: string;
            scopes: components["schemas"]["Scope"][];
            /** @description Restrict the key to this project of the organization. */
            project_id?: string | null;
            /**
             * Format: int64
             * @description Must be in the future. Absent or null: never expires.
             */
            expires_at?: number | null;
        };
        RotateApiKeyRequest: {
            /**
             * @description How long the old secret keeps working, in seconds (at most 7 days).
             * @default 0
             */
            grace_period_seconds: number | null;
        };
        ApiKeyUsage: {
            key_id: components["schemas"]["Id"];
            days: {
                /**
                 * Format: date
                 * @description UTC day, `YYYY-MM-DD`.
                 */
                day: string;
                requests: number;
            }[];
            /** Format: int64 */
            last_used_at: number | null;
            /** @description IPv4 or IPv6 address, when known. */
            last_used_ip: string | null;
        };
        /**
         * @description A metric value: a number, or one of the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
         * @example 0.913
         * @example NaN
         */
        MetricValue: number | ("NaN" | "Infinity" | "-Infinity");
        /**
         * Format: int64
         * @description A time as the client logged it (a metric point's, a run's start and end), in ms since the Unix epoch. MLflow clients may send any integer (a negative one included), so a stored value may be one.
         * @example 1732608000000
         */
        LoggedTimestamp: number;
        MetricPoint: {
            /** Format: int64 */
            step: number;
            timestamp: components["schemas"]["LoggedTimestamp"];
            value: components["schemas"]["MetricValue"];
        };
        /** @description The latest point of a metric: highest step, then timestamp. */
        LatestMetric: {
            value: components["schemas"]["MetricValue"];
            /** Format: int64 */
            step: number;
            timestamp: components["schemas"]["LoggedTimestamp"];
        };
        /**
         * @description Which lifecycle stage to include; `active` by default.
         * @enum {string}
         */
        TrackingView: "active" | "deleted" | "all";
        /** @enum {string} */
        RunStatus: "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
        /**
         * @description A numeric string, as MLflow's experiment ids are.
         * @example 104918237465120
         */
        ExperimentId: string;
        Experiment: {
            id: components["schemas"]["ExperimentId"];
            org_id: components["schemas"]["Id"];
            project_id: components["schemas"]["Id"];
            name: string;
            /** @description The tag `mlflow.note.content`; empty when not set. */
            description: string;
            /** @description `mlflow-artifacts:/<id>`: artifacts go through Cairn. */
            artifact_location: string;
            /** @enum {string} */
            lifecycle_stage: "active" | "deleted";
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
            /** @description Every tag, `mlflow.note.content` included. */
            tags: {
                [key: string]: string;
            };
        };
        /** @description A page of experiments. */
        ExperimentPage: {
            items: components["schemas"]["Experiment"][];
            /** @description Pass as `cursor` to get the next page; null on the last page. */
            next_cursor: string | null;
        };
        CreateExperimentRequest: {
            name: string;
            description?: string;
            /** @description Keys of 1 to 250 characters, values up to 5000. */
            tags?: {
                [key: string]: string;
            };
        };
        UpdateExperimentRequest: {
            name?: string | null;
            /** @description Empty removes it. */
            description?: string;
        };
        SetTagRequest: {
            value: string;
        };
        /** @description A dataset a run used. */
        DatasetInput: {
            name: string;
            digest: string;
            source_type: string;
            source: string;
            /** @description Usually JSON text. */
            schema: string;
            /** @description Usually JSON text. */
            profile: string;
            /** @description The input tag `mlflow.data.context`, e.g. `training`. */
            context: string | null;
        };
        Run: {
            id: components["schemas"]["Id"];
            experiment_id: components["schemas"]["ExperimentId"];
            project_id: components["schemas"]["Id"];
            name: string;
            status: components["schemas"]["RunStatus"];
            start_time: components["schemas"]["LoggedTimestamp"];
            /**
             * Format: int64
             * @description As the client logged it (see LoggedTimestamp); null while the run has not ended.
             */
            end_time: number | null;
            /** @enum {string} */
            lifecycle_stage: "active" | "deleted";
            /** @description The creating user's id for runs created here; MLflow's free-text user name for runs logged with mlflow. */
            user_id: string;
            /** @description Id of the Cairn user (or the API key's user) who created it. */
            created_by: string;
            artifact_uri: string;
            /** @description The tag `mlflow.parentRunId`. */
            parent_run_id: string | null;
            /** @description The tag `mlflow.note.content`; empty when not set. */
            notes: string;
            params: {
                [key: string]: string;
            };
            tags: {
                [key: string]: string;
            };
            /** @description The latest point of each metric, by key. */
            metrics: {
                [key: string]: components["schemas"]["LatestMetric"];
            };
            inputs: components["schemas"]["DatasetInput"][];
        };
        CreateRunRequest: {
            name?: string;
            /** @description Keys follow log-batch's key rules. */
            tags?: {
                [key: string]: string;
            };
            /** @description A run of the same project. */
            parent_run_id?: components["schemas"]["Id"] | null;
            /** @description Defaults to now. */
            start_time?: components["schemas"]["Timestamp"];
            /** @description The id to keep instead of a new one (an MLflow run id, when importing), so that `runs:/<id>/...` URIs still resolve; 409 when a run has it already. */
            id?: components["schemas"]["Id"];
        };
        UpdateRunRequest: {
            /** @description null means not given. */
            name?: string | null;
            /** @description null means not given. */
            status?: components["schemas"]["RunStatus"] | null;
            /** @description null means not given. */
            end_time?: components["schemas"]["Timestamp"] | null;
            /** @description Empty removes them. */
            notes?: string | null;
        };
        LogBatchRequest: {
            metrics?: {
                key: string;
                value: components["schemas"]["MetricValue"];
                /** Format: int64 */
                step?: number | null;
                timestamp?: components["schemas"]["LoggedTimestamp"] | null;
            }[] | null;
            params?: {
                key: string;
                value: string;
            }[] | null;
            tags?: {
                key: string;
                value: string;
            }[] | null;
        };
        LogInputsRequest: {
            datasets: {
                name: string;
                digest: string;
                source_type?: string | null;
                source?: string | null;
                schema?: string | null;
                profile?: string | null;
                context?: string | null;
            }[];
        };
        RunGroupsRequest: {
            /** @description Experiments of the project; absent or empty: all of them. */
            experiment_ids?: components["schemas"]["ExperimentId"][] | null;
            /** @description MLflow's filter, as in the run search. */
            filter?: string;
            view?: components["schemas"]["TrackingView"];
            /** @description `params.<key>`, `tags.<key>` (a key of 1 to 250 characters) or `attributes.status` (or `status`). */
            group_by: string;
            metric_keys?: string[] | null;
        };
        RunGroupMetric: {
            /**
             * Format: int64
             * @description Runs of the group with a latest value of the key.
             */
            runs: number;
            mean: number;
            min: number;
            max: number;
        };
        RunGroup: {
            /** @description The param, tag or status value; null for runs without the param or tag. */
            value: string | null;
            /** Format: int64 */
            runs: number;
            metrics: {
                [key: string]: components["schemas"]["RunGroupMetric"];
            };
        };
        RunGroups: {
            group_by: string;
            groups: components["schemas"]["RunGroup"][];
            /**
             * Format: int64
             * @description Every run the search matches.
             */
            total_runs: number;
            /** @description More than 1,000 groups exist; the largest are answered. */
            truncated: boolean;
        };
        SearchRunsRequest: {
            /** @description Experiments of the project; absent or empty: all of them. */
            experiment_ids?: components["schemas"]["ExperimentId"][] | null;
            /** @description MLflow's filter, e.g. `metrics.acc > 0.9 and tags.team = 'nlp'`. */
            filter?: string;
            /** @description MLflow's order-by entries, e.g. `metrics.acc DESC`, `attributes.start_time`. Params that spell a plain decimal number (`8`, `-1.5`, `1e-3`) sort by their value (2, 4, 12), then params that do not by their text, then runs without the param (MLflow's own API, `/api/2.0/mlflow/runs/search`, orders params as text, as MLflow's server does). */
            order_by?: string[];
            view?: components["schemas"]["TrackingView"];
            /** @default 100 */
            max_results: number;
            /** @description `next_page_token` of the previous page; keep the other fields the same. */
            page_token?: string;
            /**
             * @description Also answer `total`, the number of runs matching the experiments, view and filter (one more query).
             * @default false
             */
            count_total: boolean;
        };
        RunSearchPage: {
            items: components["schemas"]["Run"][];
            /** @description null on the last page. */
            next_page_token: string | null;
            /** @description Every run matching the search (all pages); present when `count_total` was asked. */
            total?: number;
        };
        MetricHistory: {
            run_id: components["schemas"]["Id"];
            key: string;
            points: components["schemas"]["MetricPoint"][];
            /** @description Some points were left out. */
            downsampled: boolean;
        };
        MetricHistoriesRequest: {
            run_ids: components["schemas"]["Id"][];
            key: string;
            /** @description Downsample each history to at most this many points. */
            max_points?: number;
        };
        MetricSeriesRequest: {
            run_ids: components["schemas"]["Id"][];
            keys: string[];
            /**
             * @description Downsample each history to at most this many points.
             * @default 500
             */
            max_points: number;
            /**
             * Format: int64
             * @description The first step of the window (inclusive).
             */
            start_step?: number;
            /**
             * Format: int64
             * @description The last step of the window (inclusive); not below `start_step`.
             */
            end_step?: number;
        };
        MetricSeriesPage: {
            items: components["schemas"]["MetricSeries"][];
        };
        /** @description One run's history of one key as three columns of equal length, by step then timestamp. */
        MetricSeries: {
            run_id: components["schemas"]["Id"];
            key: string;
            downsampled: boolean;
            steps: number[];
            timestamps: components["schemas"]["Timestamp"][];
            values: components["schemas"]["MetricValue"][];
        };
        /** @description The runs grid's state (columns, order, filter, sort, group-by, charts) as the web app shapes it; the server checks only that it is an object of at most 32 KiB serialized. */
        SavedViewState: {
            [key: string]: unknown;
        };
        SavedView: {
            id: string;
            experiment_id: string;
            name: string;
            /**
             * @description `private`: only its creator sees it; `project`: every member who can read the project.
             * @enum {string}
             */
            visibility: "private" | "project";
            state: components["schemas"]["SavedViewState"];
            /** @description The creator's user id. */
            created_by: string;
            /** @description Whether the caller created it. */
            is_own: boolean;
            /** Format: int64 */
            created_at: number;
            /** Format: int64 */
            updated_at: number;
        };
        SavedViewList: {
            items: components["schemas"]["SavedView"][];
        };
        SavedViewCreate: {
            name: string;
            /**
             * @default private
             * @enum {string}
             */
            visibility: "private" | "project";
            state: components["schemas"]["SavedViewState"];
        };
        SavedViewUpdate: {
            name?: string;
            /** @enum {string} */
            visibility?: "private" | "project";
            state?: components["schemas"]["SavedViewState"];
        };
        ExperimentKeys: {
            params: string[];
            metrics: string[];
            tags: string[];
        };
        MetricHistories: {
            key: string;
            items: components["schemas"]["MetricHistory"][];
        };
        CompareRunsRequest: {
            run_ids: components["schemas"]["Id"][];
        };
        RunComparison: {
            runs: {
                id: components["schemas"]["Id"];
                experiment_id: components["schemas"]["ExperimentId"];
                name: string;
                status: components["schemas"]["RunStatus"];
                start_time: components["schemas"]["Timestamp"];
                /** Format: int64 */
                end_time: number | null;
            }[];
            /** @description By key. */
            params: {
                key: string;
                /** @description Run id to value; null where the run has not logged it. */
                values: {
                    [key: string]: string | null;
                };
                differs: boolean;
            }[];
            /** @description By key. */
            metrics: {
                key: string;
                /** @description Run id to summary; null where the run never logged it. */
                values: {
                    [key: string]: null | {
                        last: components["schemas"]["MetricValue"];
                        /** Format: int64 */
                        step: number;
                        timestamp: components["schemas"]["LoggedTimestamp"];
                        min: components["schemas"]["MetricValue"];
                        max: components["schemas"]["MetricValue"];
                    };
                };
                /** @description The last values are not all the same. */
                differs: boolean;
            }[];
        };
        ArtifactEntry: {
            /** @description Relative to the run's artifact root. */
            path: string;
            name: string;
            is_dir: boolean;
            /**
             * Format: int64
             * @description Bytes; null for a directory.
             */
            size: number | null;
        };
        ArtifactList: {
            root_uri: string;
            path: string;
            items: components["schemas"]["ArtifactEntry"][];
        };
        ArtifactUploaded: {
            path: string;
            /** Format: int64 */
            size: number;
        };
        /**
         * @description MLflow's stages `None`, `Staging`, `Production` and `Archived`.
         * @enum {string}
         */
        ModelStage: "development" | "staging" | "production" | "archived";
        RegisteredModel: {
            id: components["schemas"]["Id"];
            org_id: components["schemas"]["Id"];
            project_id: components["schemas"]["Id"];
            name: string;
            description: string;
            tags: {
                [key: string]: string;
            };
            /** @description Alias -> version number. */
            aliases: {
                [key: string]: number;
            };
            latest_version: number | null;
            /** @description Stage -> the newest version in it (stages without versions are absent). */
            stages: {
                [key: string]: number;
            };
            /** @description The latest version's framework; empty when unknown or no versions. */
            framework: string;
            version_count: number;
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        RegisteredModelPage: {
            items: components["schemas"]["RegisteredModel"][];
            next_cursor: string | null;
        };
        CreateRegisteredModelRequest: {
            /** @description No `/`, no control characters. */
            name: string;
            description?: string;
            tags?: {
                [key: string]: string;
            };
        };
        UpdateRegisteredModelRequest: {
            /** @description No `/`, no control characters. */
            name?: string | null;
            description?: string;
        };
        /** @description Either `run_id` (with `artifact_path`, default `model`) or `logged_model_id`. */
        CreateModelVersionRequest: {
            run_id?: string;
            artifact_path?: string;
            logged_model_id?: string;
            description?: string;
            tags?: {
                [key: string]: string;
            };
        };
        ModelVersionSource: {
            /** @enum {string} */
            type: "run" | "logged_model" | "upload";
            run_id: string | null;
            experiment_id: string | null;
            artifact_path: string | null;
            logged_model_id: string | null;
        };
        ModelVersion: {
            model_id: components["schemas"]["Id"];
            model_name: string;
            version: number;
            description: string;
            stage: components["schemas"]["ModelStage"];
            /** @enum {string} */
            status: "ready";
            source: components["schemas"]["ModelVersionSource"];
            /** @description Where the MLflow client downloads the files from (`mlflow-artifacts:/...`). */
            download_uri: string;
            /** @description sklearn, xgboost, onnx, pytorch, ... (the MLmodel's main flavor, else the detected model file); empty when unknown. */
            framework: string;
            /** @description The MLmodel's flavors; empty without an MLmodel. */
            flavors: {
                [key: string]: unknown;
            };
            /** @description {"inputs": [...], "outputs": [...], "params": [...]} from the MLmodel, or the ONNX inputs and outputs. */
            signature: {
                [key: string]: unknown;
            } | null;
            /** @description The MLmodel's saved_input_example_info. */
            input_example: {
                [key: string]: unknown;
            } | null;
            pip_requirements: string[];
            /** @description A file runs code when loaded (pickle, joblib); the server never loads it. */
            executable_code: boolean;
            size_bytes: number;
            file_count: number;
            metrics: {
                [key: string]: number;
            };
            tags: {
                [key: string]: string;
            };
            aliases: string[];
            lineage: {
                run: {
                    id?: string;
                    name?: string;
                    experiment_id?: string;
                    experiment_name?: string;
                } | null;
                datasets: {
                    name?: string;
                    digest?: string;
                    source_type?: string;
                    source?: string;
                }[];
            };
            /** @description The user or API key that created it. */
            created_by: string;
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        ModelVersionPage: {
            items: components["schemas"]["ModelVersion"][];
            next_cursor: string | null;
        };
        ModelFile: {
            path: string;
            size: number;
            sha256: string;
            /** @enum {string} */
            format: "mlmodel" | "requirements" | "onnx" | "xgboost_json" | "xgboost_ubj" | "torchscript" | "skops" | "pickle" | "joblib" | "opaque";
            executable_code: boolean;
            details: {
                [key: string]: unknown;
            };
        };
        StageTransition: {
            id: string;
            version: number;
            from_stage: components["schemas"]["ModelStage"];
            to_stage: components["schemas"]["ModelStage"];
            comment: string;
            /** @description The user's email, or `api-key:<prefix>`. */
            actor: string;
            created_at: components["schemas"]["Timestamp"];
        };
        StageTransitionPage: {
            items: components["schemas"]["StageTransition"][];
            next_cursor: string | null;
        };
        ModelVersionComparison: {
            versions: components["schemas"]["ModelVersion"][];
            /** @description One row per compared field, param and metric; `values` in the order of `versions` (null where absent). */
            rows: {
                /** @enum {string} */
                kind: "metadata" | "param" | "metric";
                key: string;
                values: unknown[];
                differs: boolean;
            }[];
        };
        /**
         * @description Lowercase letters, digits and `-` (not first or last), 1 to 63 characters.
         * @example production
         */
        EnvironmentNameValue: string;
        /**
         * @description Decides who may deploy into the environment; `production` follows the organization's production-promotion rule.
         * @enum {string}
         */
        EnvironmentTier: "development" | "staging" | "production";
        Environment: {
            name: components["schemas"]["EnvironmentNameValue"];
            tier: components["schemas"]["EnvironmentTier"];
            description: string;
            deployment_count: number;
            created_at: components["schemas"]["Timestamp"];
        };
        EnvironmentList: {
            environments: components["schemas"]["Environment"][];
        };
        CreateEnvironmentRequest: {
            name: components["schemas"]["EnvironmentNameValue"];
            tier: components["schemas"]["EnvironmentTier"];
            description?: string;
        };
        UpdateEnvironmentRequest: {
            name?: components["schemas"]["EnvironmentNameValue"];
            description?: string;
        };
        /**
         * @description Lowercase letters, digits and `-` (not first or last), 1 to 63 characters; unique in the project.
         * @example churn
         */
        DeploymentName: string;
        /**
         * @description Unique on the server; the model name in the Open Inference Protocol paths (`/v2/models/{endpoint_name}`). Defaults to `<project slug>-<deployment name>`.
         * @example churn-model-churn
         */
        EndpointName: string;
        /**
         * @description `local`: this server supervises the workers; `kubernetes`: Cairn renders (and with a kubeconfig applies) the manifests.
         * @enum {string}
         */
        DeploymentTarget: "local" | "kubernetes";
        /** @description A registered model and exactly one of: a fixed `version`, an `alias` it follows, or a `stage` it follows (the newest version in it). */
        DeploymentSource: {
            /** @description The registered model's name (no `/`, no control characters). */
            model: string;
            version?: number;
            alias?: string;
            /** @enum {string} */
            stage?: "staging" | "production";
        } & (unknown | unknown | unknown);
        /**
         * @description pending → starting → healthy | degraded (some workers down, still serving) | failed (none serves) → stopping → stopped.
         * @enum {string}
         */
        DeploymentState: "pending" | "starting" | "healthy" | "degraded" | "failed" | "stopping" | "stopped";
        WorkerStatus: {
            index: number;
            /** @description Null when not running (or not on this machine, for `kubernetes`). */
            pid: number | null;
            /** @enum {string} */
            state: "starting" | "ready" | "exited";
            restarts: number;
            started_at: components["schemas"]["Timestamp"] | null;
            /** @description Why it is not ready, empty when it is (e.g. `exited with code 1: ModuleNotFoundError: No module named 'lightgbm'`). */
            reason: string;
        };
        DeploymentStatus: {
            state: components["schemas"]["DeploymentState"];
            /** @description What a person can act on; empty when healthy. */
            reason: string;
            since: components["schemas"]["Timestamp"];
            workers: components["schemas"]["WorkerStatus"][];
        };
        TrafficRoute: {
            revision: number;
            weight: number;
        };
        ShadowTraffic: {
            revision: number;
            /** @description The share of requests copied to the revision. */
            percent: number;
        };
        Traffic: {
            /** @description Weights sum to 100; two routes name two different revisions. */
            routes: components["schemas"]["TrafficRoute"][];
            shadow: components["schemas"]["ShadowTraffic"] | null;
        };
        /** @description How a deployment runs. Answers give every field; `secrets` values are `***`. */
        DeploymentConfig: {
            /**
             * @description `auto` picks `xgboost` for a model with the xgboost flavor and no other, else `python`.
             * @enum {string}
             */
            runtime: "auto" | "python" | "xgboost";
            /**
             * @description As MLflow's `--env-manager`; `virtualenv` builds one with `uv` from the model's requirements, cached by their hash.
             * @enum {string}
             */
            env_manager: "local" | "virtualenv";
            workers: {
                min: number;
                /** @description At least `min` (422 otherwise). */
                max: number;
            };
            autoscaling: {
                /** @description In-flight requests per worker above which a worker is added. */
                target_in_flight: number;
                scale_down_delay_seconds: number;
            };
            batching: {
                /** @description Rows per batch; 1 turns batching off. */
                max_batch_size: number;
                /** @description As Triton's; each at most `max_batch_size`. */
                preferred_batch_sizes: number[];
                max_queue_delay_ms: number;
                /** @description Queued requests beyond which new ones answer 503 with Retry-After. */
                max_queue_size: number;
            };
            timeout_ms: number;
            /** @description Rows per request; more answer 400. */
            max_rows: number;
            cache: {
                enabled: boolean;
                ttl_seconds: number;
                max_entries: number;
            };
            /** @description Share of requests whose inputs and outputs are recorded for monitoring. */
            sampling_rate: number;
            /** @description The deployment's own rate limit across all callers (429 with Retry-After beyond it), besides each API key's. Shared by the replicas when Redis is configured. */
            rate_limit: {
                /** @description 0 for no limit. */
                requests_per_second: number;
                /** @description Requests allowed at once; 0 for one second's worth. */
                burst: number;
            };
            env: {
                [key: string]: string;
            };
            /** @description The names of the secrets; their values are never answered. */
            secrets: {
                [key: string]: "***";
            };
            /** @description Per worker, as Kubernetes quantities; the `kubernetes` target sets them as requests and limits. */
            resources: {
                /** @example 500m */
                cpu: string;
                /** @example 1Gi */
                memory: string;
            };
        };
        /** @description A partial `DeploymentConfig`: given fields replace (objects field by field), absent ones keep their value (or the default, at creation). In `env` and `secrets`, a `null` value removes the name. */
        DeploymentConfigInput: {
            /** @enum {string} */
            runtime?: "auto" | "python" | "xgboost";
            /** @enum {string} */
            env_manager?: "local" | "virtualenv";
            workers?: {
                min?: number;
                max?: number;
            };
            autoscaling?: {
                target_in_flight?: number;
                scale_down_delay_seconds?: number;
            };
            batching?: {
                max_batch_size?: number;
                preferred_batch_sizes?: number[];
                max_queue_delay_ms?: number;
                max_queue_size?: number;
            };
            timeout_ms?: number;
            max_rows?: number;
            cache?: {
                enabled?: boolean;
                ttl_seconds?: number;
                max_entries?: number;
            };
            sampling_rate?: number;
            rate_limit?: {
                requests_per_second?: number;
                burst?: number;
            };
            env?: {
                [key: string]: string | null;
            };
            secrets?: {
                [key: string]: string | null;
            };
            resources?: {
                cpu?: string;
                memory?: string;
            };
        };
        Deployment: {
            id: components["schemas"]["Id"];
            name: components["schemas"]["DeploymentName"];
            environment: components["schemas"]["EnvironmentNameValue"];
            endpoint_name: components["schemas"]["EndpointName"];
            target: components["schemas"]["DeploymentTarget"];
            source: components["schemas"]["DeploymentSource"];
            /** @description The model version the current revision serves. */
            model_version: number;
            /** @description The current revision (the newest). */
            revision: number;
            config: components["schemas"]["DeploymentConfig"];
            traffic: components["schemas"]["Traffic"];
            status: components["schemas"]["DeploymentStatus"];
            urls: {
                /**
                 * Format: uri
                 * @description The MLflow scoring URL (absolute, from the server's public URL).
                 */
                invocations: string;
                /**
                 * Format: uri
                 * @description The Open Inference Protocol v2 infer URL.
                 */
                v2_infer: string;
            };
            /** @description The user or API key that created it. */
            created_by: string;
            created_at: components["schemas"]["Timestamp"];
            updated_at: components["schemas"]["Timestamp"];
        };
        DeploymentList: {
            deployments: components["schemas"]["Deployment"][];
            /** @description The next page's cursor; absent or null on the last page. */
            next_cursor?: string | null;
        };
        CreateDeploymentRequest: {
            name: components["schemas"]["DeploymentName"];
            environment: components["schemas"]["EnvironmentNameValue"];
            source: components["schemas"]["DeploymentSource"];
            target?: components["schemas"]["DeploymentTarget"];
            endpoint_name?: components["schemas"]["EndpointName"];
            config?: components["schemas"]["DeploymentConfigInput"];
        };
        UpdateDeploymentRequest: {
            source?: components["schemas"]["DeploymentSource"];
            config?: components["schemas"]["DeploymentConfigInput"];
        };
        Revision: {
            number: number;
            /** @description The registered model's name. */
            model: string;
            /** @description The model version it serves. */
            version: number;
            config: components["schemas"]["DeploymentConfig"];
            /** @description Why it was made, e.g. `created`, `config changed`, `alias champion moved to 4`, `rollback to 2`. */
            reason: string;
            /** @description The user or API key, or `system` for an alias that moved. */
            created_by: string;
            created_at: components["schemas"]["Timestamp"];
        };
        RevisionList: {
            /** @description Newest first. */
            revisions: components["schemas"]["Revision"][];
        };
        RevisionDiff: {
            from: number;
            to: number;
            changes: {
                /** @description Dotted path of the leaf, e.g. `version`, `config.batching.max_batch_size`, `config.env.LOG_LEVEL`. */
                path: string;
                /** @description The value in `from`; null when absent there. */
                from: unknown;
                /** @description The value in `to`; null when absent there. */
                to: unknown;
            }[];
        };
        RollbackRequest: {
            revision: number;
        };
        DeploymentEvent: {
            at: components["schemas"]["Timestamp"];
            /** @description The user (email) or API key (name) that caused it, or `system`. */
            actor: string;
            /** @enum {string} */
            kind: "created" | "updated" | "rollback" | "traffic" | "state" | "worker" | "stopped" | "started" | "alias_moved" | "scaled" | "kubernetes_applied" | "worker_exited" | "revision_healthy";
            /** @example worker 0 exited with code 1: ModuleNotFoundError: No module named 'lightgbm'; restarting in 2 s */
            message: string;
        };
        Onboarding: {
            steps: {
                /** @enum {string} */
                id: "create_project" | "log_run" | "register_model" | "deploy_model" | "create_api_key" | "invite_teammate";
                done: boolean;
            }[];
            /** @description The oldest project the caller can see (where the checklist's links lead), or null. */
            first_project: null | {
                id: string;
                slug: string;
                name: string;
            };
        };
        FeedbackInput: {
            message: string;
            /** @description The app's path the feedback was sent from (a query string is dropped). */
            page: string;
            version: string;
        };
        Feedback: {
            id: string;
            message: string;
            page: string;
            version: string;
            user: {
                id: string;
                name: string;
                email: string;
            };
            /** @description ms since the epoch */
            created_at: number;
        };
        ClientErrorReport: {
            /**
             * @description An uncaught exception or unhandled rejection, or a request that failed (5xx or no answer).
             * @enum {string}
             */
            kind: "uncaught" | "request";
            message: string;
            stack?: string;
            page: string;
            /** @description For a failed request, the X-Request-Id it was answered with. */
            request_id?: string;
            /** @description For a failed request, its status (0 when it got no answer). */
            status?: number;
            version: string;
            /** @description The organization (id or slug) the page belongs to, if any. */
            org?: string;
        };
        ClientErrorGroup: {
            fingerprint: string;
            /** @enum {string} */
            kind: "uncaught" | "request";
            message: string;
            /** @description The last report's stack (may be empty). */
            stack: string;
            page: string;
            status: number | null;
            last_request_id: string | null;
            /** @description The app version of the last report. */
            version: string;
            count: number;
            first_seen: number;
            last_seen: number;
        };
        DeploymentAccess: {
            /** @description The caller may call the deployment's inference API. */
            predict: boolean;
            /** @description Who the caller is, as request records name them (`key:<id>` or `user:<id>`). */
            principal: string;
        };
        RequestRecordReport: {
            records: components["schemas"]["ReportedRequest"][];
        };
        /** @description One request a model server answered. */
        ReportedRequest: {
            request_id: string;
            /** @description The deployment's revision that answered; one it has had. */
            revision: number;
            /** @description When the request arrived (ms since the epoch). */
            at: number;
            latency_ms: number;
            /** @description The HTTP status answered. */
            status: number;
            rows: number;
            /** @default false */
            cache_hit: boolean;
            /** @description The error's code (validation_failed, timeout, ...). */
            error_code?: string;
            /** @description For refused input */
            error_field?: string;
            /** @description Who called (as `getDeploymentAccess` named them). */
            principal?: string;
            /** @description For a sampled request, its inputs as records (one object per row). */
            inputs?: Record<string, never>[];
            /** @description For a sampled request, its predictions (one per input row), as MLflow's scoring protocol renders them. */
            outputs?: unknown;
        };
        DeploymentEventList: {
            /** @description Newest first. */
            events: components["schemas"]["DeploymentEvent"][];
        };
        LogLine: {
            at: components["schemas"]["Timestamp"];
            /** @description The worker's index. */
            worker: number;
            /** @enum {string} */
            stream: "stdout" | "stderr";
            line: string;
        };
        LogLineList: {
            /** @description Oldest first. */
            lines: components["schemas"]["LogLine"][];
        };
        DeploymentStats: {
            window_seconds: number;
            bucket_seconds: number;
            /** @description Oldest first; a bucket without requests has zeros and null latencies. */
            buckets: {
                at: components["schemas"]["Timestamp"];
                requests: number;
                errors: number;
                p50_ms: number | null;
                p99_ms: number | null;
                mean_batch_size: number | null;
            }[];
            totals: {
                requests: number;
                errors: number;
                requests_per_second: number;
                p50_ms: number | null;
                p99_ms: number | null;
                cache_hits: number;
            };
        };
        /** @description The MLflow scoring protocol: exactly one of `dataframe_split`, `dataframe_records`, `instances`, `inputs`, and optional `params` (passed to the model's `predict`). */
        ScoringRequest: {
            /** @description pandas' `orient="split"`. */
            dataframe_split?: {
                columns?: string[];
                index?: unknown[];
                data: unknown[][];
            };
            /** @description pandas' `orient="records"`. */
            dataframe_records?: {
                [key: string]: unknown;
            }[];
            /** @description TensorFlow serving's row format; a list of rows, or of objects of named tensors. */
            instances?: unknown[];
            /** @description TensorFlow serving's columnar format; a tensor, or an object of named tensors. */
            inputs?: unknown[] | Record<string, never>;
            params?: {
                [key: string]: unknown;
            };
        } & (unknown | unknown | unknown | unknown);
        ScoringResponse: {
            /** @description As `mlflow models serve` answers for the model's output (a list, a list of records, or an object of lists). */
            predictions: unknown;
        };
        /** @description The Open Inference Protocol's error body. */
        V2Error: {
            error: string;
        };
        /** @enum {string} */
        V2Datatype: "BOOL" | "UINT8" | "UINT16" | "UINT32" | "UINT64" | "INT8" | "INT16" | "INT32" | "INT64" | "FP16" | "FP32" | "FP64" | "BYTES";
        V2TensorMetadata: {
            name: string;
            datatype: components["schemas"]["V2Datatype"];
            shape: number[];
        };
        V2ServerMetadata: {
            name: string;
            version: string;
            extensions: string[];
        };
        V2ModelMetadata: {
            name: string;
            /** @description The running revisions' numbers. */
            versions: string[];
            /** @description `mlflow_<flavor>`, e.g. `mlflow_sklearn`. */
            platform: string;
            inputs: components["schemas"]["V2TensorMetadata"][];
            outputs: components["schemas"]["V2TensorMetadata"][];
        };
        V2Parameters: {
            [key: string]: string | number | boolean;
        };
        V2RequestInput: {
            /** @description A column of the model's signature, or `input-0` for a model taking one unnamed tensor. */
            name: string;
            shape: number[];
            datatype: components["schemas"]["V2Datatype"];
            parameters?: components["schemas"]["V2Parameters"];
            /** @description The elements in row-major order, flat or nested; absent when `parameters.binary_data_size` is given. */
            data?: unknown[];
        };
        V2RequestOutput: {
            name: string;
            parameters?: components["schemas"]["V2Parameters"];
        };
        V2InferenceRequest: {
            id?: string;
            parameters?: components["schemas"]["V2Parameters"];
            inputs: components["schemas"]["V2RequestInput"][];
            outputs?: components["schemas"]["V2RequestOutput"][];
        };
        V2ResponseOutput: {
            name: string;
            shape: number[];
            datatype: components["schemas"]["V2Datatype"];
            parameters?: components["schemas"]["V2Parameters"];
            /** @description Flat, row-major; absent when the output was asked in binary. */
            data?: unknown[];
        };
        V2InferenceResponse: {
            model_name: string;
            /** @description The revision that answered. */
            model_version?: string;
            /** @description The request's `id`, echoed. */
            id?: string;
            parameters?: components["schemas"]["V2Parameters"];
            outputs: components["schemas"]["V2ResponseOutput"][];
        };
    };
    responses: {
        /** @description Malformed JSON or a bad query parameter (`bad_request`). */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "bad_request",
                 *         "message": "limit must be an integer between 1 and 200",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9",
                 *         "field": "limit"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body parsed but a field is wrong: wrong type, missing, unknown enum value, too long or short, bad format (`validation_failed`). `field` names it. */
        ValidationFailed: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "validation_failed",
                 *         "message": "name must be between 1 and 100 characters",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9",
                 *         "field": "name"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No credentials, or an invalid, expired or revoked access token or API key (`unauthenticated`). */
        Unauthenticated: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "unauthenticated",
                 *         "message": "access token expired",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Authenticated but not allowed (`forbidden`). The message names the missing role or API key scope. */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "forbidden",
                 *         "message": "API key lacks scope 'write'",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description No such resource, or one the caller may not see (another organization, a private project) (`not_found`). */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "not_found",
                 *         "message": "project not found",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request conflicts with the current state (`conflict`). */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "conflict",
                 *         "message": "slug 'acme' is taken",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9",
                 *         "field": "slug"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request line and headers exceed 64 KiB, or the body the server's limit. Such a request is refused before it is routed, so the answer has the native error shape on every route, MLflow's included (`payload_too_large`). */
        HeadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body exceeds the server's limit, `max_body_bytes` (32 MiB by default) (`payload_too_large`). */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "payload_too_large",
                 *         "message": "request body exceeds 33554432 bytes",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many requests (`rate_limited`). Retry after `Retry-After` seconds. */
        RateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "rate_limited",
                 *         "message": "rate limit exceeded; retry in 12 s",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Server-side failure: `internal` (500) or `unavailable` (503, e.g. the database is down). */
        UnexpectedError: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "internal",
                 *         "message": "internal error",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The model raised an exception (`internal`); the message is the model's (`ExceptionType: message`) and `request_id` finds the request in the deployment's logs. The worker carries on. */
        ModelError: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "internal",
                 *         "message": "model error: ValueError: Input contains NaN",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Not serving now (`unavailable`) — the request queue is full, no worker is ready, or the deployment is stopped. Retry after `Retry-After` seconds. */
        Unavailable: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "unavailable",
                 *         "message": "request queue is full (1024 waiting); retry in 1 s",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The model did not answer within the deployment's `timeout_ms` (`timeout`). */
        GatewayTimeout: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": {
                 *         "code": "timeout",
                 *         "message": "no answer within 30000 ms",
                 *         "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description An Open Inference Protocol error, with its body `{"error": "..."}`; 503 carries `Retry-After`. */
        V2Error: {
            headers: {
                "X-Request-Id": components["headers"]["XRequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "error": "unexpected input 'tenure': expected FP64, got BYTES"
                 *     }
                 */
                "application/json": components["schemas"]["V2Error"];
            };
        };
    };
    parameters: {
        /** @description End the stream after this many seconds (as a Kubernetes watch's `timeoutSeconds`); without it the stream stays open until the client leaves. */
        StreamTimeout: number;
        /** @description The rule's name or id. */
        AlertRuleRef: string;
        AlertId: string;
        /** @description The channel's name or id. */
        ChannelRef: string;
        /** @description The monitor's name or id. */
        MonitorRef: string;
        /** @description Start of the range, ms since the epoch (default an hour before `to`). */
        RangeFrom: number;
        /** @description End of the range (excluded), ms since the epoch (default now). */
        RangeTo: number;
        /** @description Bucket width in seconds; by default 60 up to 6 hours, 3600 up to 14 days, else 86400. */
        RangeResolution: 60 | 3600 | 86400;
        ReportFormat: "json" | "csv";
        /**
         * @description Organization id or slug. A 32-hex value is looked up as an id first.
         * @example acme
         */
        Org: string;
        /**
         * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
         * @example churn-model
         */
        Project: string;
        /**
         * @description User id.
         * @example a87ff679a2f3e71d9181a67b7542122c
         */
        UserId: components["schemas"]["Id"];
        /**
         * @description Invitation id.
         * @example c20ad4d76fe97759aa27a0c99bff6710
         */
        InvitationId: components["schemas"]["Id"];
        /**
         * @description API key id.
         * @example d3d9446802a44259755d38e6d163e820
         */
        KeyId: components["schemas"]["Id"];
        /**
         * @description Session id.
         * @example 6512bd43d9caa6e02c990b0a82652dca
         */
        SessionId: components["schemas"]["Id"];
        /** @description Page size. */
        Limit: number;
        /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
        Cursor: string;
        /** @description Search text, matched case-insensitively against names (and slugs, descriptions where the list has them); empty matches everything. */
        Q: string;
        /** @description Sort field; a `-` prefix sorts descending. */
        ProjectSort: "name" | "-name" | "created_at" | "-created_at" | "updated_at" | "-updated_at";
        /**
         * @description Experiment id.
         * @example 104918237465120
         */
        ExperimentId: components["schemas"]["ExperimentId"];
        /** @description Saved view id. */
        SavedViewId: string;
        /**
         * @description Run id.
         * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
         */
        RunId: components["schemas"]["Id"];
        /**
         * @description Tag key (1 to 250 characters; percent-encode `/`).
         * @example team
         */
        TagKey: string;
        /**
         * @description Metric key; percent-encode `/` (`train%2Floss`).
         * @example train_loss
         */
        MetricKey: string;
        /**
         * @description The file's path below the run's artifact root; it may contain `/` (`model/data/model.xgb`). `..`, a leading `/`, a backslash, a control character or a segment over 255 bytes answer 400.
         * @example model/MLmodel
         */
        ArtifactPath: string;
        /** @description Lifecycle stages to list. */
        TrackingView: components["schemas"]["TrackingView"];
        /** @description Sort field; a `-` prefix sorts descending. */
        ExperimentSort: "name" | "-name" | "created_at" | "-created_at" | "updated_at" | "-updated_at";
        /**
         * @description The registered model's name (percent-encoded) or id.
         * @example churn-classifier
         */
        ModelRef: string;
        /** @example 3 */
        VersionNumber: number;
        /**
         * @description Letters, digits, `_` and `-`, starting with a letter; up to 255 characters.
         * @example champion
         */
        AliasName: string;
        /**
         * @description The environment's name.
         * @example staging
         */
        EnvironmentName: components["schemas"]["EnvironmentNameValue"];
        /**
         * @description The deployment's name or id. A 32-hex value is looked up as an id first.
         * @example churn
         */
        DeploymentRef: string;
        /**
         * @description A revision number of the deployment.
         * @example 3
         */
        RevisionNumber: number;
        /**
         * @description A deployment's `endpoint_name`.
         * @example churn-model-churn
         */
        V2ModelName: components["schemas"]["EndpointName"];
        /**
         * @description A revision number of the deployment.
         * @example 3
         */
        V2ModelVersion: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Request id for logs and support. Echoes the request's `X-Request-Id` when it is sane (1 to 128 characters of `A-Z a-z 0-9 . _ : -`), otherwise generated. Same as `error.request_id`.
         * @example b6d767d2f8ed5d21a44b0e5886680cb9
         */
        XRequestId: string;
        /**
         * @description Seconds to wait before retrying.
         * @example 12
         */
        RetryAfter: number;
        /**
         * @description Sent on API-key requests: `limit=<n>, remaining=<n>, reset=<seconds>`.
         * @example limit=600, remaining=0, reset=12
         */
        RateLimit: string;
        /**
         * @description Sent on API-key requests: `<limit>;w=<window seconds>`.
         * @example 600;w=60
         */
        RateLimitPolicy: string;
        /**
         * @description `cairn_refresh=<refresh_token>; HttpOnly; SameSite=Strict; Path=/api/v1/auth` (plus `Secure` over HTTPS).
         * @example cairn_refresh=Zr9Xw2Lq8Vn4Tb6Hc1Jm5Kp3Ds7Fg0Ya2Ue9Io4Rt6; HttpOnly; SameSite=Strict; Path=/api/v1/auth
         */
        SetRefreshCookie: string;
        /**
         * @description Expires the `cairn_refresh` cookie.
         * @example cairn_refresh=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/api/v1/auth
         */
        ClearRefreshCookie: string;
        /**
         * @description The deployment revision that answered.
         * @example 3
         */
        XCairnRevision: number;
        /**
         * @description `hit` when answered from the response cache, `miss` when the cache is on and missed; absent when off.
         * @example miss
         */
        XCairnCache: "hit" | "miss";
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["HealthStatus"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve traffic. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ready",
                     *       "database": "ok",
                     *       "migrations": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["ReadyStatus"];
                };
            };
            /** @description Not ready; the failing check is named. Same keys as the 200 answer (not the Error shape). */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "unavailable",
                     *       "database": "error",
                     *       "migrations": "pending"
                     *     }
                     */
                    "application/json": components["schemas"]["ReadyStatus"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Current metrics. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP cairn_http_requests_total HTTP requests served.
                     *     # TYPE cairn_http_requests_total counter
                     *     cairn_http_requests_total{route="/api/v1/orgs/{org}/projects",method="GET",status="200"} 42
                     *     # HELP cairn_http_request_duration_seconds HTTP request duration.
                     *     # TYPE cairn_http_request_duration_seconds histogram
                     *     cairn_http_request_duration_seconds_bucket{route="/healthz",method="GET",le="0.005"} 10
                     *     cairn_http_request_duration_seconds_bucket{route="/healthz",method="GET",le="+Inf"} 10
                     *     cairn_http_request_duration_seconds_sum{route="/healthz",method="GET"} 0.0031
                     *     cairn_http_request_duration_seconds_count{route="/healthz",method="GET"} 10
                     *     # TYPE cairn_db_pool_connections_in_use gauge
                     *     cairn_db_pool_connections_in_use 1
                     *     # TYPE process_resident_memory_bytes gauge
                     *     process_resident_memory_bytes 31457280
                     */
                    "text/plain": string;
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "openapi": "3.1.0",
                     *       "info": {
                     *         "title": "Cairn",
                     *         "version": "0.1.0"
                     *       },
                     *       "paths": {}
                     *     }
                     */
                    "application/json": Record<string, never>;
                };
            };
        };
    };
    getApiDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The API reference page. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example <!DOCTYPE html><html><head><title>Cairn API</title></head><body>...</body></html> */
                    "text/html": string;
                };
            };
        };
    };
    signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "password": "correct horse battery",
                 *       "name": "Ada Lovelace"
                 *     }
                 */
                "application/json": components["schemas"]["SignupRequest"];
            };
        };
        responses: {
            /** @description Account created and signed in. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Set-Cookie": components["headers"]["SetRefreshCookie"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjE0ZTQ1ZmNlZWExNjdhNWEzNmRlZGQ0YmVhMjU0MyIsImV4cCI6MTczMjYwODkwMH0.3q2-7wdxQ0w0mYp3WvQ1ZfQk0bYJmH2oQy8S0fS4n1c",
                     *       "token_type": "Bearer",
                     *       "expires_in": 900,
                     *       "refresh_token": "Zr9Xw2Lq8Vn4Tb6Hc1Jm5Kp3Ds7Fg0Ya2Ue9Io4Rt6",
                     *       "user": {
                     *         "id": "8f14e45fceea167a5a36dedd4bea2543",
                     *         "email": "ada@example.com",
                     *         "name": "Ada Lovelace",
                     *         "email_verified": true,
                     *         "created_at": 1732608000000
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description An account with this email already exists. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description Invalid field, or `invitation_token` is unknown, expired or for another email. */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "password": "correct horse battery"
                 *     }
                 */
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Signed in. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Set-Cookie": components["headers"]["SetRefreshCookie"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjE0ZTQ1ZmNlZWExNjdhNWEzNmRlZGQ0YmVhMjU0MyIsImV4cCI6MTczMjYwODkwMH0.3q2-7wdxQ0w0mYp3WvQ1ZfQk0bYJmH2oQy8S0fS4n1c",
                     *       "token_type": "Bearer",
                     *       "expires_in": 900,
                     *       "refresh_token": "Zr9Xw2Lq8Vn4Tb6Hc1Jm5Kp3Ds7Fg0Ya2Ue9Io4Rt6",
                     *       "user": {
                     *         "id": "8f14e45fceea167a5a36dedd4bea2543",
                     *         "email": "ada@example.com",
                     *         "name": "Ada Lovelace",
                     *         "email_verified": true,
                     *         "created_at": 1732608000000
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Wrong email or password. The message is the same whether or not the account exists. */
            401: components["responses"]["Unauthenticated"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            /** @description Too many failed attempts for this account or client address. */
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    refreshToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                /** @description The refresh token, as set by signup, login and refresh. Used when the body does not carry `refresh_token`. */
                cairn_refresh?: string;
            };
        };
        /** @description Optional when the `cairn_refresh` cookie is sent. */
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "refresh_token": "Zr9Xw2Lq8Vn4Tb6Hc1Jm5Kp3Ds7Fg0Ya2Ue9Io4Rt6"
                 *     }
                 */
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description New token pair. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Set-Cookie": components["headers"]["SetRefreshCookie"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI4ZjE0ZTQ1ZmNlZWExNjdhNWEzNmRlZGQ0YmVhMjU0MyIsImV4cCI6MTczMjYwODkwMH0.3q2-7wdxQ0w0mYp3WvQ1ZfQk0bYJmH2oQy8S0fS4n1c",
                     *       "token_type": "Bearer",
                     *       "expires_in": 900,
                     *       "refresh_token": "Zr9Xw2Lq8Vn4Tb6Hc1Jm5Kp3Ds7Fg0Ya2Ue9Io4Rt6",
                     *       "user": {
                     *         "id": "8f14e45fceea167a5a36dedd4bea2543",
                     *         "email": "ada@example.com",
                     *         "name": "Ada Lovelace",
                     *         "email_verified": true,
                     *         "created_at": 1732608000000
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description No refresh token, or it is unknown, expired, revoked or already rotated (reuse revokes the session). */
            401: components["responses"]["Unauthenticated"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: {
                /** @description The refresh token, as set by signup, login and refresh. Used when the body does not carry `refresh_token`; any value is taken (one that names no session signs nothing out). */
                cairn_refresh?: string;
            };
        };
        /** @description Optional when the `cairn_refresh` cookie is sent. */
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "refresh_token": "Zr9Xw2Lq8Vn4Tb6Hc1Jm5Kp3Ds7Fg0Ya2Ue9Io4Rt6"
                 *     }
                 */
                "application/json": components["schemas"]["LogoutRequest"];
            };
        };
        responses: {
            /** @description Signed out. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "Set-Cookie": components["headers"]["ClearRefreshCookie"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    requestEmailVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the email is on its way. */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "token": "vE3kP9qLx2Tz7Wm4Rb8Nc1Hd6Js5Fa0"
                 *     }
                 */
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description The email is verified. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "email": "ada@example.com",
                     *       "name": "Ada Lovelace",
                     *       "email_verified": true,
                     *       "created_at": 1732608000000
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description Invalid field, or the token is unknown, used or expired (field `token`). */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    requestPasswordReset: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com"
                 *     }
                 */
                "application/json": components["schemas"]["PasswordResetRequestRequest"];
            };
        };
        responses: {
            /** @description Accepted. */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "token": "pR7sT2uV9wX4yZ1aB6cD3eF8gH5iJ0kL",
                 *       "new_password": "a new long passphrase"
                 *     }
                 */
                "application/json": components["schemas"]["PasswordResetRequest"];
            };
        };
        responses: {
            /** @description Password changed; all sessions revoked. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description Invalid field, or the token is unknown, used or expired (field `token`). */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "email": "ada@example.com",
                     *       "name": "Ada Lovelace",
                     *       "email_verified": true,
                     *       "created_at": 1732608000000,
                     *       "organizations": [
                     *         {
                     *           "id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *           "slug": "acme",
                     *           "name": "Acme",
                     *           "role": "admin"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Me"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Ada King"
                 *     }
                 */
                "application/json": components["schemas"]["UpdateMeRequest"];
            };
        };
        responses: {
            /** @description The updated user. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "email": "ada@example.com",
                     *       "name": "Ada King",
                     *       "email_verified": true,
                     *       "created_at": 1732608000000
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "current_password": "correct horse battery",
                 *       "new_password": "a new long passphrase"
                 *     }
                 */
                "application/json": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            /** @description Password changed; other sessions revoked. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description Invalid field, or `current_password` is wrong (field `current_password`). */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active sessions. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "6512bd43d9caa6e02c990b0a82652dca",
                     *           "created_at": 1732608000000,
                     *           "last_used_at": 1732611600000,
                     *           "expires_at": 1733212800000,
                     *           "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0",
                     *           "ip": "203.0.113.7",
                     *           "current": true
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    revokeSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Session id.
                 * @example 6512bd43d9caa6e02c990b0a82652dca
                 */
                session_id: components["parameters"]["SessionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description No such session for this user. */
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listOrganizations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's organizations. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *           "slug": "acme",
                     *           "name": "Acme",
                     *           "created_at": 1732608000000,
                     *           "updated_at": 1732611600000,
                     *           "role": "admin",
                     *           "settings": {
                     *             "production_promotion": "admins"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["OrganizationList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Acme",
                 *       "slug": "acme"
                 *     }
                 */
                "application/json": components["schemas"]["CreateOrganizationRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "slug": "acme",
                     *       "name": "Acme",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "role": "admin",
                     *       "settings": {
                     *         "production_promotion": "admins"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Organization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description The slug is taken. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organization. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "slug": "acme",
                     *       "name": "Acme",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "role": "admin",
                     *       "settings": {
                     *         "production_promotion": "admins"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Organization"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteOrganization: {
        parameters: {
            query: {
                /**
                 * @description The organization's name, exactly, as a safety check.
                 * @example Acme
                 */
                confirm: string;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description `confirm` is missing or differs from the name (field `confirm`). */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "name": "Acme Corp",
                 *       "settings": {
                 *         "production_promotion": "developers"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["UpdateOrganizationRequest"];
            };
        };
        responses: {
            /** @description The updated organization. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "slug": "acme",
                     *       "name": "Acme Corp",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "role": "admin",
                     *       "settings": {
                     *         "production_promotion": "developers"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Organization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The new slug is taken. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listOrgMembers: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of members. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "user_id": "a87ff679a2f3e71d9181a67b7542122c",
                     *           "email": "grace@example.com",
                     *           "name": "Grace Hopper",
                     *           "role": "developer",
                     *           "joined_at": 1732611600000
                     *         }
                     *       ],
                     *       "next_cursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["MemberPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    removeOrgMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description User id.
                 * @example a87ff679a2f3e71d9181a67b7542122c
                 */
                user_id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description No such organization, or the user is not a member. */
            404: components["responses"]["NotFound"];
            /** @description The user is the last admin. */
            409: components["responses"]["Conflict"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateOrgMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description User id.
                 * @example a87ff679a2f3e71d9181a67b7542122c
                 */
                user_id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "role": "admin"
                 *     }
                 */
                "application/json": components["schemas"]["RoleRequest"];
            };
        };
        responses: {
            /** @description The updated member. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user_id": "a87ff679a2f3e71d9181a67b7542122c",
                     *       "email": "grace@example.com",
                     *       "name": "Grace Hopper",
                     *       "role": "admin",
                     *       "joined_at": 1732611600000
                     *     }
                     */
                    "application/json": components["schemas"]["Member"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description No such organization, or the user is not a member. */
            404: components["responses"]["NotFound"];
            /** @description This would demote the last admin. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listInvitations: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of invitations. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "c20ad4d76fe97759aa27a0c99bff6710",
                     *           "email": "linus@example.com",
                     *           "role": "viewer",
                     *           "invited_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *           "created_at": 1732608000000,
                     *           "expires_at": 1733212800000,
                     *           "status": "pending"
                     *         }
                     *       ],
                     *       "next_cursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["InvitationPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "linus@example.com",
                 *       "role": "viewer"
                 *     }
                 */
                "application/json": components["schemas"]["CreateInvitationRequest"];
            };
        };
        responses: {
            /** @description Invitation created, and emailed when `email_sent` is true. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "c20ad4d76fe97759aa27a0c99bff6710",
                     *       "email": "linus@example.com",
                     *       "role": "viewer",
                     *       "invited_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_at": 1732608000000,
                     *       "expires_at": 1733212800000,
                     *       "status": "pending"
                     *     }
                     */
                    "application/json": components["schemas"]["SentInvitation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The address already belongs to a member, or a pending invitation exists for it. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    revokeInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Invitation id.
                 * @example c20ad4d76fe97759aa27a0c99bff6710
                 */
                invitation_id: components["parameters"]["InvitationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    resendInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Invitation id.
                 * @example c20ad4d76fe97759aa27a0c99bff6710
                 */
                invitation_id: components["parameters"]["InvitationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invitation with its new expiry. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "c20ad4d76fe97759aa27a0c99bff6710",
                     *       "email": "linus@example.com",
                     *       "role": "viewer",
                     *       "invited_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_at": 1732608000000,
                     *       "expires_at": 1733216400000,
                     *       "status": "pending"
                     *     }
                     */
                    "application/json": components["schemas"]["SentInvitation"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The invitation was already accepted or revoked. */
            409: components["responses"]["Conflict"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "token": "iN4vT7kE2nQ9xW1zR6bM3cH8dJ5sF0aL"
                 *     }
                 */
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description Joined; the organization with the caller's new role. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "slug": "acme",
                     *       "name": "Acme",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "role": "viewer",
                     *       "settings": {
                     *         "production_promotion": "admins"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Organization"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description The invitation is addressed to another email. */
            403: components["responses"]["Forbidden"];
            /** @description The caller is already a member of the organization. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description Invalid field, or the token is unknown, used, revoked or expired (field `token`). */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getOnboarding: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The steps, in the order a new user takes them. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Onboarding"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listFeedback: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of feedback. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Feedback"][];
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    sendFeedback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedbackInput"];
            };
        };
        responses: {
            /** @description Stored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Feedback"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    reportClientError: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClientErrorReport"];
            };
        };
        responses: {
            /** @description Counted (and kept, when it names an organization of the caller). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The group the report joined. */
                        fingerprint: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listClientErrors: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of error groups. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ClientErrorGroup"][];
                        next_cursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /**
                 * @description Only this action.
                 * @example api_key.create
                 */
                action?: string;
                /** @description Only events by this user or API key. */
                actor_id?: components["schemas"]["Id"];
                /**
                 * @description Only this target type.
                 * @example project
                 */
                target_type?: string;
                /** @description Only events with `created_at >= since` (ms since the epoch). */
                since?: components["schemas"]["Timestamp"];
                /** @description Only events with `created_at < until` (ms since the epoch). */
                until?: components["schemas"]["Timestamp"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "c51ce410c124a10e0db5e4b97fc2af39",
                     *           "created_at": 1732611600000,
                     *           "action": "api_key.create",
                     *           "actor_type": "user",
                     *           "actor_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *           "target_type": "api_key",
                     *           "target_id": "d3d9446802a44259755d38e6d163e820",
                     *           "ip": "203.0.113.7",
                     *           "request_id": "b6d767d2f8ed5d21a44b0e5886680cb9",
                     *           "details": {
                     *             "name": "ci-pipeline",
                     *             "scopes": [
                     *               "read",
                     *               "write"
                     *             ],
                     *             "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26"
                     *           }
                     *         }
                     *       ],
                     *       "next_cursor": "eyJrIjoiY2h1cm4tbW9kZWwiLCJpIjoiNDVjNDgifQ"
                     *     }
                     */
                    "application/json": components["schemas"]["AuditEventPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listProjects: {
        parameters: {
            query?: {
                /** @description Search text, matched case-insensitively against names (and slugs, descriptions where the list has them); empty matches everything. */
                q?: components["parameters"]["Q"];
                /** @description Only this visibility. */
                visibility?: components["schemas"]["Visibility"];
                /** @description Sort field; a `-` prefix sorts descending. */
                sort?: components["parameters"]["ProjectSort"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of projects. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *           "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *           "slug": "churn-model",
                     *           "name": "Churn model",
                     *           "description": "Predicts customer churn from usage data.",
                     *           "visibility": "org",
                     *           "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *           "created_at": 1732608000000,
                     *           "updated_at": 1732611600000
                     *         }
                     *       ],
                     *       "next_cursor": "eyJrIjoiY2h1cm4tbW9kZWwiLCJpIjoiNDVjNDgifQ"
                     *     }
                     */
                    "application/json": components["schemas"]["ProjectPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Churn model",
                 *       "slug": "churn-model",
                 *       "description": "Predicts customer churn from usage data.",
                 *       "visibility": "org"
                 *     }
                 */
                "application/json": components["schemas"]["CreateProjectRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "slug": "churn-model",
                     *       "name": "Churn model",
                     *       "description": "Predicts customer churn from usage data.",
                     *       "visibility": "org",
                     *       "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000
                     *     }
                     */
                    "application/json": components["schemas"]["Project"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The slug is taken in this organization. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The project. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "slug": "churn-model",
                     *       "name": "Churn model",
                     *       "description": "Predicts customer churn from usage data.",
                     *       "visibility": "org",
                     *       "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000
                     *     }
                     */
                    "application/json": components["schemas"]["Project"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "description": "Churn model for the EU market.",
                 *       "visibility": "private"
                 *     }
                 */
                "application/json": components["schemas"]["UpdateProjectRequest"];
            };
        };
        responses: {
            /** @description The updated project. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "slug": "churn-model",
                     *       "name": "Churn model",
                     *       "description": "Churn model for the EU market.",
                     *       "visibility": "private",
                     *       "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000
                     *     }
                     */
                    "application/json": components["schemas"]["Project"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getProjectStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Counts. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "experiments": 3,
                     *       "runs": 128,
                     *       "models": 2,
                     *       "deployments": 1
                     *     }
                     */
                    "application/json": components["schemas"]["ProjectStats"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listProjectMembers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Project members. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "user_id": "a87ff679a2f3e71d9181a67b7542122c",
                     *           "email": "grace@example.com",
                     *           "name": "Grace Hopper",
                     *           "role": "developer",
                     *           "added_at": 1732611600000
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ProjectMemberList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setProjectMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description User id.
                 * @example a87ff679a2f3e71d9181a67b7542122c
                 */
                user_id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "role": "developer"
                 *     }
                 */
                "application/json": components["schemas"]["RoleRequest"];
            };
        };
        responses: {
            /** @description The membership. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "user_id": "a87ff679a2f3e71d9181a67b7542122c",
                     *       "email": "grace@example.com",
                     *       "name": "Grace Hopper",
                     *       "role": "developer",
                     *       "added_at": 1732611600000
                     *     }
                     */
                    "application/json": components["schemas"]["ProjectMember"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description No such organization or project, or the user is not a member of the organization. */
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    removeProjectMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description User id.
                 * @example a87ff679a2f3e71d9181a67b7542122c
                 */
                user_id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description No such organization or project, or the user is not a member of the project. */
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of API keys. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "d3d9446802a44259755d38e6d163e820",
                     *           "name": "ci-pipeline",
                     *           "prefix": "k7Qm2xZp",
                     *           "scopes": [
                     *             "read",
                     *             "write"
                     *           ],
                     *           "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *           "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *           "created_at": 1732608000000,
                     *           "expires_at": 1733212800000,
                     *           "revoked_at": null,
                     *           "last_used_at": 1732611600000,
                     *           "last_used_ip": "203.0.113.7"
                     *         }
                     *       ],
                     *       "next_cursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "ci-pipeline",
                 *       "scopes": [
                 *         "read",
                 *         "write"
                 *       ],
                 *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                 *       "expires_at": 1733212800000
                 *     }
                 */
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description Created; `secret` is shown once. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "d3d9446802a44259755d38e6d163e820",
                     *       "name": "ci-pipeline",
                     *       "prefix": "k7Qm2xZp",
                     *       "scopes": [
                     *         "read",
                     *         "write"
                     *       ],
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_at": 1732608000000,
                     *       "expires_at": 1733212800000,
                     *       "revoked_at": null,
                     *       "last_used_at": 1732611600000,
                     *       "last_used_ip": "203.0.113.7",
                     *       "secret": "cairn_k7Qm2xZp_4eX9vT2bL8nR1sW6yA3cF5hJ0kM7pQ9u"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description A requested scope exceeds the creator's role (the message names it). */
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description Invalid field, e.g. `expires_at` not in the future, or `project_id` not a project of this organization. */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description API key id.
                 * @example d3d9446802a44259755d38e6d163e820
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key (without secret). */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "d3d9446802a44259755d38e6d163e820",
                     *       "name": "ci-pipeline",
                     *       "prefix": "k7Qm2xZp",
                     *       "scopes": [
                     *         "read",
                     *         "write"
                     *       ],
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_at": 1732608000000,
                     *       "expires_at": 1733212800000,
                     *       "revoked_at": null,
                     *       "last_used_at": 1732611600000,
                     *       "last_used_ip": "203.0.113.7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description API key id.
                 * @example d3d9446802a44259755d38e6d163e820
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    rotateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description API key id.
                 * @example d3d9446802a44259755d38e6d163e820
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        /** @description Optional; without it the grace period is 0 (the old secret stops at once). */
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "grace_period_seconds": 3600
                 *     }
                 */
                "application/json": components["schemas"]["RotateApiKeyRequest"];
            };
        };
        responses: {
            /** @description The key with its new secret, shown once. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "d3d9446802a44259755d38e6d163e820",
                     *       "name": "ci-pipeline",
                     *       "prefix": "k7Qm2xZp",
                     *       "scopes": [
                     *         "read",
                     *         "write"
                     *       ],
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_at": 1732608000000,
                     *       "expires_at": 1733212800000,
                     *       "revoked_at": null,
                     *       "last_used_at": 1732611600000,
                     *       "last_used_ip": "203.0.113.7",
                     *       "secret": "cairn_k7Qm2xZp_4eX9vT2bL8nR1sW6yA3cF5hJ0kM7pQ9u"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The key is revoked. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getApiKeyUsage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description API key id.
                 * @example d3d9446802a44259755d38e6d163e820
                 */
                key_id: components["parameters"]["KeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Usage. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "key_id": "d3d9446802a44259755d38e6d163e820",
                     *       "days": [
                     *         {
                     *           "day": "2024-11-25",
                     *           "requests": 0
                     *         },
                     *         {
                     *           "day": "2024-11-26",
                     *           "requests": 1342
                     *         }
                     *       ],
                     *       "last_used_at": 1732611600000,
                     *       "last_used_ip": "203.0.113.7"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyUsage"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listExperiments: {
        parameters: {
            query?: {
                /** @description Search text, matched case-insensitively against names (and slugs, descriptions where the list has them); empty matches everything. */
                q?: components["parameters"]["Q"];
                /** @description Lifecycle stages to list. */
                view?: components["parameters"]["TrackingView"];
                /** @description Sort field; a `-` prefix sorts descending. */
                sort?: components["parameters"]["ExperimentSort"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of experiments. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "104918237465120",
                     *           "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *           "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *           "name": "churn-baseline",
                     *           "description": "Gradient boosting on 90 days of usage.",
                     *           "artifact_location": "mlflow-artifacts:/104918237465120",
                     *           "lifecycle_stage": "active",
                     *           "created_at": 1732608000000,
                     *           "updated_at": 1732611600000,
                     *           "tags": {
                     *             "mlflow.note.content": "Gradient boosting on 90 days of usage.",
                     *             "team": "growth"
                     *           }
                     *         }
                     *       ],
                     *       "next_cursor": "eyJzIjoiLWNyZWF0ZWRfYXQiLCJpIjoiMTA0OTE4MjM3NDY1MTIwIn0"
                     *     }
                     */
                    "application/json": components["schemas"]["ExperimentPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "churn-baseline",
                 *       "description": "Gradient boosting on 90 days of usage.",
                 *       "tags": {
                 *         "team": "growth"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CreateExperimentRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "104918237465120",
                     *       "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "churn-baseline",
                     *       "description": "Gradient boosting on 90 days of usage.",
                     *       "artifact_location": "mlflow-artifacts:/104918237465120",
                     *       "lifecycle_stage": "active",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "tags": {
                     *         "mlflow.note.content": "Gradient boosting on 90 days of usage.",
                     *         "team": "growth"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The project already has an experiment of that name (deleted ones included). */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The experiment. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "104918237465120",
                     *       "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "churn-baseline",
                     *       "description": "Gradient boosting on 90 days of usage.",
                     *       "artifact_location": "mlflow-artifacts:/104918237465120",
                     *       "lifecycle_stage": "active",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "tags": {
                     *         "mlflow.note.content": "Gradient boosting on 90 days of usage.",
                     *         "team": "growth"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "name": "churn-baseline",
                 *       "description": "Gradient boosting on 90 days of usage."
                 *     }
                 */
                "application/json": components["schemas"]["UpdateExperimentRequest"];
            };
        };
        responses: {
            /** @description The updated experiment. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "104918237465120",
                     *       "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "churn-baseline",
                     *       "description": "Gradient boosting on 90 days of usage.",
                     *       "artifact_location": "mlflow-artifacts:/104918237465120",
                     *       "lifecycle_stage": "active",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "tags": {
                     *         "mlflow.note.content": "Gradient boosting on 90 days of usage.",
                     *         "team": "growth"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description Another experiment of the project has that name. */
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getExperimentKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "params": [
                     *         "learning_rate",
                     *         "max_depth"
                     *       ],
                     *       "metrics": [
                     *         "train_loss",
                     *         "val_auc"
                     *       ],
                     *       "tags": [
                     *         "mlflow.runName",
                     *         "model"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ExperimentKeys"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    restoreExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The restored experiment. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "104918237465120",
                     *       "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "churn-baseline",
                     *       "description": "Gradient boosting on 90 days of usage.",
                     *       "artifact_location": "mlflow-artifacts:/104918237465120",
                     *       "lifecycle_stage": "active",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "tags": {
                     *         "mlflow.note.content": "Gradient boosting on 90 days of usage.",
                     *         "team": "growth"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setExperimentTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
                /**
                 * @description Tag key (1 to 250 characters; percent-encode `/`).
                 * @example team
                 */
                key: components["parameters"]["TagKey"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "value": "growth"
                 *     }
                 */
                "application/json": components["schemas"]["SetTagRequest"];
            };
        };
        responses: {
            /** @description The experiment with the tag. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "104918237465120",
                     *       "org_id": "c9f0f895fb98ab9159f51fd0297e236d",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "churn-baseline",
                     *       "description": "Gradient boosting on 90 days of usage.",
                     *       "artifact_location": "mlflow-artifacts:/104918237465120",
                     *       "lifecycle_stage": "active",
                     *       "created_at": 1732608000000,
                     *       "updated_at": 1732611600000,
                     *       "tags": {
                     *         "mlflow.note.content": "Gradient boosting on 90 days of usage.",
                     *         "team": "growth"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteExperimentTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
                /**
                 * @description Tag key (1 to 250 characters; percent-encode `/`).
                 * @example team
                 */
                key: components["parameters"]["TagKey"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            /** @description No such experiment, or it has no tag of that key. */
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listSavedViews: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The views. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedViewList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createSavedView: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Best by val_auc",
                 *       "visibility": "project",
                 *       "state": {
                 *         "columns": [
                 *           "params.lr",
                 *           "metrics.val_auc"
                 *         ],
                 *         "filter": "params.lr > 0.01"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["SavedViewCreate"];
            };
        };
        responses: {
            /** @description The view. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getSavedView: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
                /** @description Saved view id. */
                view_id: components["parameters"]["SavedViewId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The view. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteSavedView: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
                /** @description Saved view id. */
                view_id: components["parameters"]["SavedViewId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateSavedView: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
                /** @description Saved view id. */
                view_id: components["parameters"]["SavedViewId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "name": "Best by val_auc (v2)"
                 *     }
                 */
                "application/json": components["schemas"]["SavedViewUpdate"];
            };
        };
        responses: {
            /** @description The view after the change. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Experiment id.
                 * @example 104918237465120
                 */
                experiment_id: components["parameters"]["ExperimentId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "name": "xgb-depth-6",
                 *       "tags": {
                 *         "model": "xgboost"
                 *       },
                 *       "parent_run_id": "c4ca4238a0b923820dcc509a6f75849b",
                 *       "start_time": 1732608000000
                 *     }
                 */
                "application/json": components["schemas"]["CreateRunRequest"];
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *       "experiment_id": "104918237465120",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "xgb-depth-6",
                     *       "status": "RUNNING",
                     *       "start_time": 1732608000000,
                     *       "end_time": null,
                     *       "lifecycle_stage": "active",
                     *       "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "artifact_uri": "mlflow-artifacts:/104918237465120/6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b/artifacts",
                     *       "parent_run_id": "c4ca4238a0b923820dcc509a6f75849b",
                     *       "notes": "",
                     *       "params": {},
                     *       "tags": {
                     *         "mlflow.runName": "xgb-depth-6",
                     *         "mlflow.parentRunId": "c4ca4238a0b923820dcc509a6f75849b",
                     *         "mlflow.user": "8f14e45fceea167a5a36dedd4bea2543",
                     *         "mlflow.note.content": "Best so far; early stopping at step 180.",
                     *         "model": "xgboost"
                     *       },
                     *       "metrics": {},
                     *       "inputs": []
                     *     }
                     */
                    "application/json": components["schemas"]["Run"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description A bad field, a deleted experiment, or a parent_run_id that is not a run of this project. */
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    groupRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "experiment_ids": [
                 *         "104918237465120"
                 *       ],
                 *       "filter": "metrics.val_auc > 0.8",
                 *       "group_by": "params.model",
                 *       "metric_keys": [
                 *         "val_auc",
                 *         "train_loss"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["RunGroupsRequest"];
            };
        };
        responses: {
            /** @description The groups. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunGroups"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    searchRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "experiment_ids": [
                 *         "104918237465120"
                 *       ],
                 *       "filter": "metrics.val_auc > 0.9 and params.max_depth = '6'",
                 *       "order_by": [
                 *         "metrics.val_auc DESC"
                 *       ],
                 *       "view": "active",
                 *       "max_results": 100
                 *     }
                 */
                "application/json": components["schemas"]["SearchRunsRequest"];
            };
        };
        responses: {
            /** @description A page of runs. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *           "experiment_id": "104918237465120",
                     *           "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *           "name": "xgb-depth-6",
                     *           "status": "FINISHED",
                     *           "start_time": 1732608000000,
                     *           "end_time": 1732608360000,
                     *           "lifecycle_stage": "active",
                     *           "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *           "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *           "artifact_uri": "mlflow-artifacts:/104918237465120/6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b/artifacts",
                     *           "parent_run_id": "c4ca4238a0b923820dcc509a6f75849b",
                     *           "notes": "Best so far; early stopping at step 180.",
                     *           "params": {
                     *             "learning_rate": "0.1",
                     *             "max_depth": "6"
                     *           },
                     *           "tags": {
                     *             "mlflow.runName": "xgb-depth-6",
                     *             "mlflow.parentRunId": "c4ca4238a0b923820dcc509a6f75849b",
                     *             "mlflow.user": "8f14e45fceea167a5a36dedd4bea2543",
                     *             "mlflow.note.content": "Best so far; early stopping at step 180.",
                     *             "model": "xgboost"
                     *           },
                     *           "metrics": {
                     *             "val_auc": {
                     *               "value": 0.913,
                     *               "step": 180,
                     *               "timestamp": 1732608350000
                     *             },
                     *             "train_loss": {
                     *               "value": "NaN",
                     *               "step": 3,
                     *               "timestamp": 1732608010000
                     *             }
                     *           },
                     *           "inputs": [
                     *             {
                     *               "name": "usage-90d",
                     *               "digest": "3f2a9c1e",
                     *               "source_type": "local",
                     *               "source": "/data/usage-90d.parquet",
                     *               "schema": "",
                     *               "profile": "",
                     *               "context": "training"
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "next_page_token": "eyJvZmZzZXQiOjEwMH0"
                     *     }
                     */
                    "application/json": components["schemas"]["RunSearchPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMetricSeries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "run_ids": [
                 *         "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                 *         "0a9b8c7d6e5f40312a3b4c5d6e7f8091"
                 *       ],
                 *       "keys": [
                 *         "val_auc",
                 *         "train_loss"
                 *       ],
                 *       "max_points": 300,
                 *       "start_step": 100
                 *     }
                 */
                "application/json": components["schemas"]["MetricSeriesRequest"];
            };
        };
        responses: {
            /** @description The histories, as columns. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "run_id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *           "key": "val_auc",
                     *           "downsampled": false,
                     *           "steps": [
                     *             100,
                     *             180
                     *           ],
                     *           "timestamps": [
                     *             1732608200000,
                     *             1732608350000
                     *           ],
                     *           "values": [
                     *             0.88,
                     *             0.913
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["MetricSeriesPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    compareRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "run_ids": [
                 *         "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                 *         "0a9b8c7d6e5f40312a3b4c5d6e7f8091"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["CompareRunsRequest"];
            };
        };
        responses: {
            /** @description The comparison. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "runs": [
                     *         {
                     *           "id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *           "experiment_id": "104918237465120",
                     *           "name": "xgb-depth-6",
                     *           "status": "FINISHED",
                     *           "start_time": 1732608000000,
                     *           "end_time": 1732608360000
                     *         },
                     *         {
                     *           "id": "0a9b8c7d6e5f40312a3b4c5d6e7f8091",
                     *           "experiment_id": "104918237465120",
                     *           "name": "xgb-depth-8",
                     *           "status": "RUNNING",
                     *           "start_time": 1732609000000,
                     *           "end_time": null
                     *         }
                     *       ],
                     *       "params": [
                     *         {
                     *           "key": "learning_rate",
                     *           "values": {
                     *             "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b": "0.1",
                     *             "0a9b8c7d6e5f40312a3b4c5d6e7f8091": "0.1"
                     *           },
                     *           "differs": false
                     *         },
                     *         {
                     *           "key": "max_depth",
                     *           "values": {
                     *             "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b": "6",
                     *             "0a9b8c7d6e5f40312a3b4c5d6e7f8091": "8"
                     *           },
                     *           "differs": true
                     *         }
                     *       ],
                     *       "metrics": [
                     *         {
                     *           "key": "val_auc",
                     *           "differs": true,
                     *           "values": {
                     *             "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b": {
                     *               "last": 0.913,
                     *               "step": 180,
                     *               "timestamp": 1732608350000,
                     *               "min": 0.71,
                     *               "max": 0.915
                     *             },
                     *             "0a9b8c7d6e5f40312a3b4c5d6e7f8091": null
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RunComparison"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *       "experiment_id": "104918237465120",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "xgb-depth-6",
                     *       "status": "FINISHED",
                     *       "start_time": 1732608000000,
                     *       "end_time": 1732608360000,
                     *       "lifecycle_stage": "active",
                     *       "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "artifact_uri": "mlflow-artifacts:/104918237465120/6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b/artifacts",
                     *       "parent_run_id": "c4ca4238a0b923820dcc509a6f75849b",
                     *       "notes": "Best so far; early stopping at step 180.",
                     *       "params": {
                     *         "learning_rate": "0.1",
                     *         "max_depth": "6"
                     *       },
                     *       "tags": {
                     *         "mlflow.runName": "xgb-depth-6",
                     *         "mlflow.parentRunId": "c4ca4238a0b923820dcc509a6f75849b",
                     *         "mlflow.user": "8f14e45fceea167a5a36dedd4bea2543",
                     *         "mlflow.note.content": "Best so far; early stopping at step 180.",
                     *         "model": "xgboost"
                     *       },
                     *       "metrics": {
                     *         "val_auc": {
                     *           "value": 0.913,
                     *           "step": 180,
                     *           "timestamp": 1732608350000
                     *         },
                     *         "train_loss": {
                     *           "value": "NaN",
                     *           "step": 3,
                     *           "timestamp": 1732608010000
                     *         }
                     *       },
                     *       "inputs": [
                     *         {
                     *           "name": "usage-90d",
                     *           "digest": "3f2a9c1e",
                     *           "source_type": "local",
                     *           "source": "/data/usage-90d.parquet",
                     *           "schema": "",
                     *           "profile": "",
                     *           "context": "training"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Run"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "status": "FINISHED",
                 *       "end_time": 1732608360000,
                 *       "notes": "Best so far; early stopping at step 180."
                 *     }
                 */
                "application/json": components["schemas"]["UpdateRunRequest"];
            };
        };
        responses: {
            /** @description The updated run. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *       "experiment_id": "104918237465120",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "xgb-depth-6",
                     *       "status": "FINISHED",
                     *       "start_time": 1732608000000,
                     *       "end_time": 1732608360000,
                     *       "lifecycle_stage": "active",
                     *       "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "artifact_uri": "mlflow-artifacts:/104918237465120/6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b/artifacts",
                     *       "parent_run_id": "c4ca4238a0b923820dcc509a6f75849b",
                     *       "notes": "Best so far; early stopping at step 180.",
                     *       "params": {
                     *         "learning_rate": "0.1",
                     *         "max_depth": "6"
                     *       },
                     *       "tags": {
                     *         "mlflow.runName": "xgb-depth-6",
                     *         "mlflow.parentRunId": "c4ca4238a0b923820dcc509a6f75849b",
                     *         "mlflow.user": "8f14e45fceea167a5a36dedd4bea2543",
                     *         "mlflow.note.content": "Best so far; early stopping at step 180.",
                     *         "model": "xgboost"
                     *       },
                     *       "metrics": {
                     *         "val_auc": {
                     *           "value": 0.913,
                     *           "step": 180,
                     *           "timestamp": 1732608350000
                     *         },
                     *         "train_loss": {
                     *           "value": "NaN",
                     *           "step": 3,
                     *           "timestamp": 1732608010000
                     *         }
                     *       },
                     *       "inputs": [
                     *         {
                     *           "name": "usage-90d",
                     *           "digest": "3f2a9c1e",
                     *           "source_type": "local",
                     *           "source": "/data/usage-90d.parquet",
                     *           "schema": "",
                     *           "profile": "",
                     *           "context": "training"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Run"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    restoreRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The restored run. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *       "experiment_id": "104918237465120",
                     *       "project_id": "45c48cce2e2d7fbdea1afc51c7c6ad26",
                     *       "name": "xgb-depth-6",
                     *       "status": "FINISHED",
                     *       "start_time": 1732608000000,
                     *       "end_time": 1732608360000,
                     *       "lifecycle_stage": "active",
                     *       "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "created_by": "8f14e45fceea167a5a36dedd4bea2543",
                     *       "artifact_uri": "mlflow-artifacts:/104918237465120/6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b/artifacts",
                     *       "parent_run_id": "c4ca4238a0b923820dcc509a6f75849b",
                     *       "notes": "Best so far; early stopping at step 180.",
                     *       "params": {
                     *         "learning_rate": "0.1",
                     *         "max_depth": "6"
                     *       },
                     *       "tags": {
                     *         "mlflow.runName": "xgb-depth-6",
                     *         "mlflow.parentRunId": "c4ca4238a0b923820dcc509a6f75849b",
                     *         "mlflow.user": "8f14e45fceea167a5a36dedd4bea2543",
                     *         "mlflow.note.content": "Best so far; early stopping at step 180.",
                     *         "model": "xgboost"
                     *       },
                     *       "metrics": {
                     *         "val_auc": {
                     *           "value": 0.913,
                     *           "step": 180,
                     *           "timestamp": 1732608350000
                     *         },
                     *         "train_loss": {
                     *           "value": "NaN",
                     *           "step": 3,
                     *           "timestamp": 1732608010000
                     *         }
                     *       },
                     *       "inputs": [
                     *         {
                     *           "name": "usage-90d",
                     *           "digest": "3f2a9c1e",
                     *           "source_type": "local",
                     *           "source": "/data/usage-90d.parquet",
                     *           "schema": "",
                     *           "profile": "",
                     *           "context": "training"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Run"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    logRunBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "metrics": [
                 *         {
                 *           "key": "train_loss",
                 *           "value": 0.231,
                 *           "step": 12,
                 *           "timestamp": 1732608100000
                 *         },
                 *         {
                 *           "key": "train_loss",
                 *           "value": "NaN",
                 *           "step": 13
                 *         }
                 *       ],
                 *       "params": [
                 *         {
                 *           "key": "max_depth",
                 *           "value": "6"
                 *         }
                 *       ],
                 *       "tags": [
                 *         {
                 *           "key": "model",
                 *           "value": "xgboost"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["LogBatchRequest"];
            };
        };
        responses: {
            /** @description Logged. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    logRunInputs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "datasets": [
                 *         {
                 *           "name": "usage-90d",
                 *           "digest": "3f2a9c1e",
                 *           "source_type": "local",
                 *           "source": "/data/usage-90d.parquet",
                 *           "context": "training"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["LogInputsRequest"];
            };
        };
        responses: {
            /** @description Recorded. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMetricHistory: {
        parameters: {
            query?: {
                /** @description Downsample to at most this many points (2 to 100000). */
                max_points?: number;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
                /**
                 * @description Metric key; percent-encode `/` (`train%2Floss`).
                 * @example train_loss
                 */
                key: components["parameters"]["MetricKey"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The history. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "run_id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *       "key": "train_loss",
                     *       "downsampled": true,
                     *       "points": [
                     *         {
                     *           "step": 0,
                     *           "timestamp": 1732608000000,
                     *           "value": 0.693
                     *         },
                     *         {
                     *           "step": 57,
                     *           "timestamp": 1732608120000,
                     *           "value": 0.312
                     *         },
                     *         {
                     *           "step": 180,
                     *           "timestamp": 1732608350000,
                     *           "value": 0.201
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["MetricHistory"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMetricHistories: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "run_ids": [
                 *         "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                 *         "0a9b8c7d6e5f40312a3b4c5d6e7f8091"
                 *       ],
                 *       "key": "val_auc",
                 *       "max_points": 500
                 *     }
                 */
                "application/json": components["schemas"]["MetricHistoriesRequest"];
            };
        };
        responses: {
            /** @description The histories. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "key": "val_auc",
                     *       "items": [
                     *         {
                     *           "run_id": "6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b",
                     *           "key": "val_auc",
                     *           "downsampled": false,
                     *           "points": [
                     *             {
                     *               "step": 0,
                     *               "timestamp": 1732608000000,
                     *               "value": 0.71
                     *             },
                     *             {
                     *               "step": 180,
                     *               "timestamp": 1732608350000,
                     *               "value": 0.913
                     *             }
                     *           ]
                     *         },
                     *         {
                     *           "run_id": "0a9b8c7d6e5f40312a3b4c5d6e7f8091",
                     *           "key": "val_auc",
                     *           "downsampled": false,
                     *           "points": []
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["MetricHistories"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listRunArtifacts: {
        parameters: {
            query?: {
                /**
                 * @description A directory below the run's artifact root.
                 * @example model
                 */
                path?: string;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The directory's entries, sorted by path. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "root_uri": "mlflow-artifacts:/104918237465120/6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b/artifacts",
                     *       "path": "model",
                     *       "items": [
                     *         {
                     *           "path": "model/MLmodel",
                     *           "name": "MLmodel",
                     *           "is_dir": false,
                     *           "size": 412
                     *         },
                     *         {
                     *           "path": "model/data",
                     *           "name": "data",
                     *           "is_dir": true,
                     *           "size": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ArtifactList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    downloadRunArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
                /**
                 * @description The file's path below the run's artifact root; it may contain `/` (`model/data/model.xgb`). `..`, a leading `/`, a backslash, a control character or a segment over 255 bytes answer 400.
                 * @example model/MLmodel
                 */
                path: components["parameters"]["ArtifactPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file's bytes. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    /**
                     * @description `attachment` with the file's name.
                     * @example attachment; filename="MLmodel"; filename*=UTF-8''MLmodel
                     */
                    "Content-Disposition"?: string;
                    "X-Content-Type-Options"?: "nosniff";
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    uploadRunArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
                /**
                 * @description The file's path below the run's artifact root; it may contain `/` (`model/data/model.xgb`). `..`, a leading `/`, a backslash, a control character or a segment over 255 bytes answer 400.
                 * @example model/MLmodel
                 */
                path: components["parameters"]["ArtifactPath"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description Stored. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "path": "model/MLmodel",
                     *       "size": 412
                     *     }
                     */
                    "application/json": components["schemas"]["ArtifactUploaded"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteRunArtifact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description Run id.
                 * @example 6f1e3c9a2b7d4e5f8a0b1c2d3e4f5a6b
                 */
                run_id: components["parameters"]["RunId"];
                /**
                 * @description The file's path below the run's artifact root; it may contain `/` (`model/data/model.xgb`). `..`, a leading `/`, a backslash, a control character or a segment over 255 bytes answer 400.
                 * @example model/MLmodel
                 */
                path: components["parameters"]["ArtifactPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listRegisteredModels: {
        parameters: {
            query?: {
                /** @description Search text, matched case-insensitively against names (and slugs, descriptions where the list has them); empty matches everything. */
                q?: components["parameters"]["Q"];
                stage?: components["schemas"]["ModelStage"];
                framework?: string;
                tag?: string[];
                /** @description A field, `-` for descending. */
                sort?: "name" | "-name" | "created_at" | "-created_at" | "updated_at" | "-updated_at";
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of registered models. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredModelPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createRegisteredModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "churn-classifier",
                 *       "description": "Predicts churn within 30 days.",
                 *       "tags": {
                 *         "team": "growth"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CreateRegisteredModelRequest"];
            };
        };
        responses: {
            /** @description The new model. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredModel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getRegisteredModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredModel"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteRegisteredModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateRegisteredModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateRegisteredModelRequest"];
            };
        };
        responses: {
            /** @description The updated model. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisteredModel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setRegisteredModelTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /**
                 * @description Tag key (1 to 250 characters; percent-encode `/`).
                 * @example team
                 */
                key: components["parameters"]["TagKey"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetTagRequest"];
            };
        };
        responses: {
            /** @description Set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteRegisteredModelTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /**
                 * @description Tag key (1 to 250 characters; percent-encode `/`).
                 * @example team
                 */
                key: components["parameters"]["TagKey"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getModelVersionByAlias: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /**
                 * @description Letters, digits, `_` and `-`, starting with a letter; up to 255 characters.
                 * @example champion
                 */
                alias: components["parameters"]["AliasName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setModelAlias: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /**
                 * @description Letters, digits, `_` and `-`, starting with a letter; up to 255 characters.
                 * @example champion
                 */
                alias: components["parameters"]["AliasName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                };
            };
        };
        responses: {
            /** @description The version the alias now points at. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteModelAlias: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /**
                 * @description Letters, digits, `_` and `-`, starting with a letter; up to 255 characters.
                 * @example champion
                 */
                alias: components["parameters"]["AliasName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listModelVersions: {
        parameters: {
            query?: {
                stage?: components["schemas"]["ModelStage"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createModelVersion: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string;
            };
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateModelVersionRequest"];
                "multipart/form-data": {
                    file: string[];
                    description?: string;
                    /** @description A JSON object of tags. */
                    tags?: string;
                };
            };
        };
        responses: {
            /** @description The version an earlier request with the same Idempotency-Key created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
                };
            };
            /** @description The new version. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getModelVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteModelVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateModelVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description: string;
                };
            };
        };
        responses: {
            /** @description The version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setModelVersionTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
                /**
                 * @description Tag key (1 to 250 characters; percent-encode `/`).
                 * @example team
                 */
                key: components["parameters"]["TagKey"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetTagRequest"];
            };
        };
        responses: {
            /** @description Set. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteModelVersionTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
                /**
                 * @description Tag key (1 to 250 characters; percent-encode `/`).
                 * @example team
                 */
                key: components["parameters"]["TagKey"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setModelVersionMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "metrics": {
                 *         "holdout_auc": 0.913
                 *       }
                 *     }
                 */
                "application/json": {
                    metrics: {
                        [key: string]: number | null;
                    };
                };
            };
        };
        responses: {
            /** @description The version with its metrics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    transitionModelVersionStage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "stage": "production",
                 *       "comment": "Beats v3 on the holdout set by 2 points of AUC.",
                 *       "archive_existing": true
                 *     }
                 */
                "application/json": {
                    stage: components["schemas"]["ModelStage"];
                    comment?: string;
                    /** @default false */
                    archive_existing?: boolean;
                };
            };
        };
        responses: {
            /** @description The version in its new stage. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listStageTransitions: {
        parameters: {
            query?: {
                version?: number;
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description Opaque `next_cursor` from the previous page. Keep the other query parameters the same while paging. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of transitions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StageTransitionPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listModelVersionFiles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The files, by path. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ModelFile"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    downloadModelVersionFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
                /**
                 * @description The file's path below the run's artifact root; it may contain `/` (`model/data/model.xgb`). `..`, a leading `/`, a backslash, a control character or a segment over 255 bytes answer 400.
                 * @example model/MLmodel
                 */
                path: components["parameters"]["ArtifactPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file's bytes, typed by the file name's extension (application/octet-stream when unknown). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    downloadModelVersionZip: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
                /** @example 3 */
                version: components["parameters"]["VersionNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The zip archive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/zip": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    compareModelVersions: {
        parameters: {
            query: {
                /** @description Comma-separated version numbers, 2 to 10. */
                versions: string;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The registered model's name (percent-encoded) or id.
                 * @example churn-classifier
                 */
                model: components["parameters"]["ModelRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The comparison. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelVersionComparison"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listEnvironments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The environments. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnvironmentList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "canary",
                 *       "tier": "staging",
                 *       "description": "Shadow traffic from production."
                 *     }
                 */
                "application/json": components["schemas"]["CreateEnvironmentRequest"];
            };
        };
        responses: {
            /** @description The new environment. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The environment's name.
                 * @example staging
                 */
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateEnvironment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The environment's name.
                 * @example staging
                 */
                environment: components["parameters"]["EnvironmentName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateEnvironmentRequest"];
            };
        };
        responses: {
            /** @description The environment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Environment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listDeployments: {
        parameters: {
            query?: {
                /** @description Keep the deployments of this environment. */
                environment?: components["schemas"]["EnvironmentNameValue"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every deployment of the project (or of the environment), in one answer; a project holds few. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "churn",
                 *       "environment": "staging",
                 *       "source": {
                 *         "model": "churn-classifier",
                 *         "alias": "champion"
                 *       },
                 *       "config": {
                 *         "workers": {
                 *           "min": 1,
                 *           "max": 4
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["CreateDeploymentRequest"];
            };
        };
        responses: {
            /** @description The new deployment, revision 1. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deployment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "config": {
                 *         "batching": {
                 *           "max_batch_size": 64
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["UpdateDeploymentRequest"];
            };
        };
        responses: {
            /** @description The deployment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    stopDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deployment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    startDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deployment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listDeploymentRevisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revisions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevisionList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getDeploymentRevision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
                /**
                 * @description A revision number of the deployment.
                 * @example 3
                 */
                revision: components["parameters"]["RevisionNumber"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revision. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Revision"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    diffDeploymentRevisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
                /**
                 * @description A revision number of the deployment.
                 * @example 3
                 */
                revision: components["parameters"]["RevisionNumber"];
                /**
                 * @description The revision to compare with.
                 * @example 4
                 */
                other: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The changes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevisionDiff"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    rollbackDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "revision": 2
                 *     }
                 */
                "application/json": components["schemas"]["RollbackRequest"];
            };
        };
        responses: {
            /** @description The deployment at its new revision. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setDeploymentTraffic: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "routes": [
                 *         {
                 *           "revision": 3,
                 *           "weight": 90
                 *         },
                 *         {
                 *           "revision": 4,
                 *           "weight": 10
                 *         }
                 *       ],
                 *       "shadow": null
                 *     }
                 */
                "application/json": components["schemas"]["Traffic"];
            };
        };
        responses: {
            /** @description The deployment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Deployment"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getDeploymentAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's access. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentAccess"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    reportDeploymentRequests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestRecordReport"];
            };
        };
        responses: {
            /** @description Queued for recording. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How many records were queued. */
                        accepted: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listDeploymentEvents: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The newest events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentEventList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listDeploymentLogs: {
        parameters: {
            query?: {
                /** @description Lines at or after this time (milliseconds since the epoch). */
                since?: components["schemas"]["Timestamp"];
                /** @description Lines before this time (milliseconds since the epoch). */
                until?: components["schemas"]["Timestamp"];
                /** @description Text the line contains, case-insensitively. */
                q?: string;
                /** @description At most this many lines (the newest of the match). */
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The lines. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogLineList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    streamDeploymentLogs: {
        parameters: {
            query?: {
                /** @description Send this many of the newest lines first. */
                tail?: number;
                /** @description End the stream after this many seconds (as a Kubernetes watch's `timeoutSeconds`); without it the stream stays open until the client leaves. */
                timeout_seconds?: components["parameters"]["StreamTimeout"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream: `event: log` / `data: {"at": ..., "worker": 0, "stream": "stderr", "line": "..."}`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example event: log
                     *     data: {"at": 1732608000000, "worker": 0, "stream": "stderr", "line": "model loaded"}
                     */
                    "text/event-stream": components["schemas"]["LogStreamEvent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getDeploymentStats: {
        parameters: {
            query?: {
                window_seconds?: number;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statistics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentStats"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getDeploymentManifests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The manifests. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    applyDeploymentToKubernetes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A Cairn API key with the scopes `read` (the pods fetch the model) and `monitor` (they report their requests). */
                    api_key?: string;
                };
            };
        };
        responses: {
            /** @description What kubectl applied. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        namespace: string;
                        name: string;
                        revision: number;
                        /** @description The key Cairn issued the pods (never its secret); null when the caller gave one. */
                        api_key: null | {
                            id: string;
                            name: string;
                            prefix: string;
                        };
                        output: string;
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getDeploymentKubernetesStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        namespace: string;
                        revision: string;
                        replicas: {
                            desired: number;
                            updated: number;
                            ready: number;
                            available: number;
                        };
                        conditions: {
                            type: string;
                            status: string;
                            reason: string;
                            message: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    invokeDeployment: {
        parameters: {
            query?: never;
            header?: {
                /** @description `no-cache` skips the response cache for this request. */
                "Cache-Control"?: string;
            };
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "dataframe_split": {
                 *         "columns": [
                 *           "tenure",
                 *           "monthly_charges"
                 *         ],
                 *         "data": [
                 *           [
                 *             12,
                 *             70.5
                 *           ],
                 *           [
                 *             3,
                 *             20
                 *           ]
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ScoringRequest"];
                /**
                 * @example tenure,monthly_charges
                 *     12,70.5
                 *     3,20.0
                 */
                "text/csv": string;
            };
        };
        responses: {
            /** @description The predictions, one per input row (or the model's own output shape). */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["XRequestId"];
                    "X-Cairn-Revision": components["headers"]["XCairnRevision"];
                    "X-Cairn-Cache": components["headers"]["XCairnCache"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "predictions": [
                     *         0,
                     *         1
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ScoringResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["ModelError"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    v2ServerLive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Live. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    v2ServerReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not ready. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2Error"];
                };
            };
        };
    };
    v2ServerMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server's name, version and protocol extensions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "cairn",
                     *       "version": "0.1.0",
                     *       "extensions": [
                     *         "binary_tensor_data"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["V2ServerMetadata"];
                };
            };
        };
    };
    v2ModelMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A deployment's `endpoint_name`.
                 * @example churn-model-churn
                 */
                model_name: components["parameters"]["V2ModelName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model's metadata. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2ModelMetadata"];
                };
            };
            401: components["responses"]["V2Error"];
            403: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
        };
    };
    v2ModelReady: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A deployment's `endpoint_name`.
                 * @example churn-model-churn
                 */
                model_name: components["parameters"]["V2ModelName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["V2Error"];
            401: components["responses"]["V2Error"];
            403: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
        };
    };
    v2ModelVersionMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A deployment's `endpoint_name`.
                 * @example churn-model-churn
                 */
                model_name: components["parameters"]["V2ModelName"];
                /**
                 * @description A revision number of the deployment.
                 * @example 3
                 */
                model_version: components["parameters"]["V2ModelVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The model's metadata. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2ModelMetadata"];
                };
            };
            401: components["responses"]["V2Error"];
            403: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
        };
    };
    v2ModelVersionReady: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A deployment's `endpoint_name`.
                 * @example churn-model-churn
                 */
                model_name: components["parameters"]["V2ModelName"];
                /**
                 * @description A revision number of the deployment.
                 * @example 3
                 */
                model_version: components["parameters"]["V2ModelVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["V2Error"];
            401: components["responses"]["V2Error"];
            403: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
        };
    };
    v2ModelInfer: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an `application/octet-stream` body, the length of its leading JSON part. */
                "Inference-Header-Content-Length"?: number;
            };
            path: {
                /**
                 * @description A deployment's `endpoint_name`.
                 * @example churn-model-churn
                 */
                model_name: components["parameters"]["V2ModelName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "42",
                 *       "inputs": [
                 *         {
                 *           "name": "input-0",
                 *           "shape": [
                 *             2,
                 *             2
                 *           ],
                 *           "datatype": "FP64",
                 *           "data": [
                 *             12,
                 *             70.5,
                 *             3,
                 *             20
                 *           ]
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["V2InferenceRequest"];
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The inference response. */
            200: {
                headers: {
                    "X-Cairn-Revision": components["headers"]["XCairnRevision"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2InferenceResponse"];
                    "application/octet-stream": string;
                };
            };
            400: components["responses"]["V2Error"];
            401: components["responses"]["V2Error"];
            403: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
            413: components["responses"]["V2Error"];
            429: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
            503: components["responses"]["V2Error"];
            504: components["responses"]["V2Error"];
        };
    };
    v2ModelVersionInfer: {
        parameters: {
            query?: never;
            header?: {
                /** @description With an `application/octet-stream` body, the length of its leading JSON part. */
                "Inference-Header-Content-Length"?: number;
            };
            path: {
                /**
                 * @description A deployment's `endpoint_name`.
                 * @example churn-model-churn
                 */
                model_name: components["parameters"]["V2ModelName"];
                /**
                 * @description A revision number of the deployment.
                 * @example 3
                 */
                model_version: components["parameters"]["V2ModelVersion"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["V2InferenceRequest"];
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The inference response. */
            200: {
                headers: {
                    "X-Cairn-Revision": components["headers"]["XCairnRevision"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2InferenceResponse"];
                    "application/octet-stream": string;
                };
            };
            400: components["responses"]["V2Error"];
            401: components["responses"]["V2Error"];
            403: components["responses"]["V2Error"];
            404: components["responses"]["V2Error"];
            413: components["responses"]["V2Error"];
            429: components["responses"]["V2Error"];
            500: components["responses"]["V2Error"];
            503: components["responses"]["V2Error"];
            504: components["responses"]["V2Error"];
        };
    };
    mlflow_createExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    artifact_location?: string | null;
                    tags?: {
                        key: string;
                        value?: string | number | boolean | null;
                    }[] | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getExperiment: {
        parameters: {
            query: {
                experiment_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getExperimentByName: {
        parameters: {
            query: {
                experiment_name: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_searchExperimentsGet: {
        parameters: {
            query?: {
                max_results?: number;
                filter?: string;
                order_by?: string[];
                view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
                page_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_searchExperiments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    max_results?: number | null;
                    filter?: string | null;
                    order_by?: string[] | string | null;
                    /** @enum {string|null} */
                    view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL" | null;
                    page_token?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_updateExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    experiment_id: string;
                    new_name?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    experiment_id: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_restoreExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    experiment_id: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_setExperimentTag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    experiment_id: string;
                    key: string;
                    value?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteExperimentTag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    experiment_id: string;
                    key: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_createRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    experiment_id?: string | null;
                    user_id?: string | null;
                    run_name?: string | null;
                    start_time?: number | null;
                    tags?: {
                        key: string;
                        value?: string | number | boolean | null;
                    }[] | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_updateRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                    /** @enum {string|null} */
                    status?: "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED" | null;
                    end_time?: number | null;
                    run_name?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_restoreRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getRun: {
        parameters: {
            query: {
                run_id: string;
                run_uuid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_logMetric: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                    key: string;
                    value: number;
                    timestamp?: number | null;
                    step?: number | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_logParam: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                    key: string;
                    value?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_setTag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                    key: string;
                    value?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteTag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                    key: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_logBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                    metrics?: {
                        key: string;
                        value: number;
                        timestamp?: number | null;
                        step?: number | null;
                    }[] | null;
                    params?: {
                        key: string;
                        value?: string | null;
                    }[] | null;
                    tags?: {
                        key: string;
                        value?: string | number | boolean | null;
                    }[] | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_logInputs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                    run_uuid?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_searchRuns: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    experiment_ids?: string[] | string | null;
                    filter?: string | null;
                    /** @enum {string|null} */
                    run_view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL" | null;
                    max_results?: number | null;
                    order_by?: string[] | string | null;
                    page_token?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getMetricHistory: {
        parameters: {
            query: {
                run_id: string;
                run_uuid?: string;
                metric_key: string;
                max_results?: number;
                page_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getMetricHistoryBulkInterval: {
        parameters: {
            query: {
                run_ids: string[];
                metric_key: string;
                start_step?: number;
                end_step?: number;
                max_results?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_logOutputs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    run_id: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_listArtifacts: {
        parameters: {
            query: {
                run_id: string;
                run_uuid?: string;
                path?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_createLoggedModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    experiment_id: string;
                    name?: string | null;
                    model_type?: string | null;
                    source_run_id?: string | null;
                    params?: {
                        key: string;
                        /** @description Numbers and booleans are stored as their text, as MLflow's client sends them. */
                        value?: string | number | boolean | null;
                    }[] | null;
                    tags?: {
                        key: string;
                        value?: string | number | boolean | null;
                    }[] | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_searchLoggedModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    experiment_ids?: string[] | string | null;
                    /** @description MLflow's logged-model grammar: metrics.<key> compared with numbers (=, !=, <, <=, >, >=; a clause holds when any point of the metric does), params.<key>, tags.<key> and the attributes name, model_id, model_type, status, source_run_id with =, !=, LIKE, ILIKE, IN, NOT IN, creation_timestamp (creation_time) and last_updated_timestamp with numbers; clauses joined by AND. */
                    filter?: string | null;
                    /** @description Metric clauses look only at points on these datasets (any digest when none is given); without a metric clause, a model needs a metric on one of them. */
                    datasets?: {
                        dataset_name: string;
                        dataset_digest?: string | null;
                    }[] | null;
                    order_by?: {
                        /** @description An attribute or metrics.<key> (its latest point, on the dataset when named); models without it last. */
                        field_name: string;
                        ascending?: boolean | null;
                        dataset_name?: string | null;
                        dataset_digest?: string | null;
                    }[] | null;
                    max_results?: number | null;
                    page_token?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getLoggedModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteLoggedModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_finalizeLoggedModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "LOGGED_MODEL_READY" | "LOGGED_MODEL_UPLOAD_FAILED" | "LOGGED_MODEL_PENDING";
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_logLoggedModelParams: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    params?: {
                        key: string;
                        /** @description Numbers and booleans are stored as their text, as MLflow's client sends them. */
                        value?: string | number | boolean | null;
                    }[] | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_setLoggedModelTags: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    tags?: {
                        key: string;
                        value?: string | number | boolean | null;
                    }[] | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteLoggedModelTag: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                model_id: string;
                tag_key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_createRegisteredModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string | null;
                    tags?: {
                        key: string;
                        value?: string | number | boolean | null;
                    }[] | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_renameRegisteredModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    new_name: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_updateRegisteredModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteRegisteredModel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getRegisteredModel: {
        parameters: {
            query: {
                name: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_searchRegisteredModels: {
        parameters: {
            query?: {
                filter?: string;
                order_by?: string[];
                max_results?: number;
                page_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getLatestVersions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    stages?: string[] | string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_setRegisteredModelTag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    key: string;
                    value: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteRegisteredModelTag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    key: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getModelVersionByAlias: {
        parameters: {
            query: {
                name: string;
                alias: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_setRegisteredModelAlias: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    alias: string;
                    version: number;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteRegisteredModelAlias: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    alias: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_createModelVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    source: string;
                    run_id?: string | null;
                    description?: string | null;
                    tags?: {
                        key: string;
                        value?: string | number | boolean | null;
                    }[] | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_updateModelVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    version: number;
                    description?: string | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_transitionModelVersionStage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    version: number;
                    /** @enum {string} */
                    stage: "None" | "Staging" | "Production" | "Archived";
                    archive_existing_versions?: boolean | null;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteModelVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    version: number;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getModelVersion: {
        parameters: {
            query: {
                name: string;
                version: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_searchModelVersions: {
        parameters: {
            query?: {
                filter?: string;
                max_results?: number;
                page_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_getModelVersionDownloadUri: {
        parameters: {
            query: {
                name: string;
                version: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_setModelVersionTag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    version: number;
                    key: string;
                    value: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflow_deleteModelVersionTag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    version: number;
                    key: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflowArtifacts_list: {
        parameters: {
            query?: {
                /** @description The directory listed (empty or absent - the root); one trailing '/' names the same directory. */
                path?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflowArtifacts_download: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The artifact path, which may contain '/' (`<experiment_id>/<run_id>/artifacts/...`). */
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file's bytes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflowArtifacts_upload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The artifact path, which may contain '/' (`<experiment_id>/<run_id>/artifacts/...`). */
                path: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflowArtifacts_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The artifact path, which may contain '/' (`<experiment_id>/<run_id>/artifacts/...`). */
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflowArtifacts_createMultipartUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The directory of the file (`<experiment_id>/<run_id>/artifacts[/...]`); the file's name is the last segment of the body's `path`. */
                path: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "path": "/home/me/model.bin",
                 *       "num_parts": 3
                 *     }
                 */
                "application/json": {
                    path: string;
                    num_parts?: number;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflowArtifacts_completeMultipartUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The directory of the file (`<experiment_id>/<run_id>/artifacts[/...]`); the file's name is the last segment of the body's `path`. */
                path: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "path": "model.bin",
                 *       "upload_id": "...",
                 *       "parts": [
                 *         {
                 *           "part_number": 1,
                 *           "etag": "\"9b2cf535f27731c974343645a3985328\""
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    path: string;
                    upload_id: string;
                    parts: Record<string, never>[];
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflowArtifacts_abortMultipartUpload: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The directory of the file (`<experiment_id>/<run_id>/artifacts[/...]`); the file's name is the last segment of the body's `path`. */
                path: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "path": "model.bin",
                 *       "upload_id": "..."
                 *     }
                 */
                "application/json": {
                    path: string;
                    upload_id: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description The response message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    mlflowArtifacts_uploadPart: {
        parameters: {
            query?: never;
            header: {
                /** @description The part's signed token, as mpu/create returned it in the credential's headers. */
                "X-Cairn-Upload-Token": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description The part is stored. */
            200: {
                headers: {
                    /** @description The part's ETag, for mpu/complete. */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowMessage"];
                };
            };
            413: components["responses"]["HeadTooLarge"];
            /** @description An MLflow error (401 for a missing, forged or expired token; 404 when the upload is gone). */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MlflowError"];
                };
            };
        };
    };
    listMonitors: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Monitors by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        monitors: components["schemas"]["Monitor"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMonitorRequest"];
            };
        };
        responses: {
            /** @description The monitor. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Monitor"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The monitor. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Monitor"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    updateMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    config?: components["schemas"]["MonitorConfig"];
                };
            };
        };
        responses: {
            /** @description The monitor. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Monitor"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getDeploymentMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /**
                 * @description The deployment's name or id. A 32-hex value is looked up as an id first.
                 * @example churn
                 */
                deployment: components["parameters"]["DeploymentRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The monitor. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Monitor"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    setMonitorReference: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MonitorRecordsRequest"] | {
                    window: {
                        /** Format: int64 */
                        from: number;
                        /** Format: int64 */
                        to: number;
                    };
                } | {
                    dataset: {
                        run_id?: string;
                        name?: string;
                    };
                };
                "text/csv": string;
                "application/vnd.apache.parquet": string;
                "application/x-parquet": string;
            };
        };
        responses: {
            /** @description The reference's summary. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonitorReference"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listMonitorRecords: {
        parameters: {
            query?: {
                /** @description Start of the range, ms since the epoch (default an hour before `to`). */
                from?: components["parameters"]["RangeFrom"];
                /** @description End of the range (excluded), ms since the epoch (default now). */
                to?: components["parameters"]["RangeTo"];
                limit?: number;
                format?: components["parameters"]["ReportFormat"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Records. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/json": {
                        records: {
                            id?: string;
                            /** Format: int64 */
                            timestamp?: number;
                            revision?: number;
                            features?: Record<string, never>;
                            prediction?: unknown;
                            label?: unknown;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    sendMonitorRecords: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MonitorRecordsRequest"];
                "text/csv": string;
            };
        };
        responses: {
            /** @description What was stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        received: number;
                        stored: number;
                        duplicates: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    followMonitorUpdates: {
        parameters: {
            query?: {
                /** @description End the stream after this many seconds (as a Kubernetes watch's `timeoutSeconds`); without it the stream stays open until the client leaves. */
                timeout_seconds?: components["parameters"]["StreamTimeout"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stream: `event: update` / `data: {"written_at": 1732608000000}`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example event: ready
                     *     data: {"monitor": "churn"}
                     *
                     *     event: update
                     *     data: {"written_at": 1732608000000}
                     */
                    "text/event-stream": components["schemas"]["MonitorStreamEvent"];
                };
            };
            404: components["responses"]["NotFound"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    sendMonitorLabels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    labels: {
                        id: string;
                        label: number | string | boolean;
                    }[];
                };
                "text/csv": string;
            };
        };
        responses: {
            /** @description Labels stored, and how many name a record that exists. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        received: number;
                        matched: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMonitorService: {
        parameters: {
            query?: {
                /** @description Start of the range, ms since the epoch (default an hour before `to`). */
                from?: components["parameters"]["RangeFrom"];
                /** @description End of the range (excluded), ms since the epoch (default now). */
                to?: components["parameters"]["RangeTo"];
                /** @description Bucket width in seconds; by default 60 up to 6 hours, 3600 up to 14 days, else 86400. */
                resolution?: components["parameters"]["RangeResolution"];
                format?: components["parameters"]["ReportFormat"];
                group_by?: "revision";
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report (with `format=csv`, one line per bucket and field). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonitorReport"];
                    "text/csv": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMonitorDrift: {
        parameters: {
            query?: {
                /** @description Start of the range, ms since the epoch (default an hour before `to`). */
                from?: components["parameters"]["RangeFrom"];
                /** @description End of the range (excluded), ms since the epoch (default now). */
                to?: components["parameters"]["RangeTo"];
                /** @description Bucket width in seconds; by default 60 up to 6 hours, 3600 up to 14 days, else 86400. */
                resolution?: components["parameters"]["RangeResolution"];
                format?: components["parameters"]["ReportFormat"];
                baseline_from?: number;
                baseline_to?: number;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report (with `format=csv`, one line per bucket and field). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonitorReport"];
                    "text/csv": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMonitorQuality: {
        parameters: {
            query?: {
                /** @description Start of the range, ms since the epoch (default an hour before `to`). */
                from?: components["parameters"]["RangeFrom"];
                /** @description End of the range (excluded), ms since the epoch (default now). */
                to?: components["parameters"]["RangeTo"];
                /** @description Bucket width in seconds; by default 60 up to 6 hours, 3600 up to 14 days, else 86400. */
                resolution?: components["parameters"]["RangeResolution"];
                format?: components["parameters"]["ReportFormat"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report (with `format=csv`, one line per bucket and field). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonitorReport"];
                    "text/csv": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMonitorPerformance: {
        parameters: {
            query?: {
                /** @description Start of the range, ms since the epoch (default an hour before `to`). */
                from?: components["parameters"]["RangeFrom"];
                /** @description End of the range (excluded), ms since the epoch (default now). */
                to?: components["parameters"]["RangeTo"];
                /** @description Bucket width in seconds; by default 60 up to 6 hours, 3600 up to 14 days, else 86400. */
                resolution?: components["parameters"]["RangeResolution"];
                format?: components["parameters"]["ReportFormat"];
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report (with `format=csv`, one line per bucket and field). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonitorReport"];
                    "text/csv": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    getMonitorSeries: {
        parameters: {
            query: {
                /** @description Start of the range, ms since the epoch (default an hour before `to`). */
                from?: components["parameters"]["RangeFrom"];
                /** @description End of the range (excluded), ms since the epoch (default now). */
                to?: components["parameters"]["RangeTo"];
                /** @description Bucket width in seconds; by default 60 up to 6 hours, 3600 up to 14 days, else 86400. */
                resolution?: components["parameters"]["RangeResolution"];
                name: string;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The monitor's name or id. */
                monitor: components["parameters"]["MonitorRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report (with `format=csv`, one line per bucket and field). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonitorReport"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    listAlertRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rules by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rules: components["schemas"]["AlertRule"][];
                        templates: components["schemas"]["AlertRuleTemplate"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    createAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AlertRuleInput"];
            };
        };
        responses: {
            /** @description The rule. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    listAlertRuleTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The gallery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        templates: components["schemas"]["AlertRuleTemplate"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    previewAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    rule: components["schemas"]["AlertRuleInput"];
                    /** @default 6 */
                    hours?: number;
                };
            };
        };
        responses: {
            /** @description At most 360 evaluations over the range. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: int64 */
                        from: number;
                        /** Format: int64 */
                        to: number;
                        /** Format: int64 */
                        step_ms: number;
                        series: string;
                        condition: Record<string, never>;
                        /** @description [at, value] pairs; value is null where the series had no data. */
                        points: (number | null)[][];
                        firing: {
                            /** Format: int64 */
                            fired_at?: number;
                            /** Format: int64 */
                            resolved_at?: number | null;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    getAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The rule's name or id. */
                rule: components["parameters"]["AlertRuleRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The rule. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRule"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    deleteAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The rule's name or id. */
                rule: components["parameters"]["AlertRuleRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    updateAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The rule's name or id. */
                rule: components["parameters"]["AlertRuleRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AlertRulePatch"];
            };
        };
        responses: {
            /** @description The rule. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                /** @description Comma-separated pending, firing, resolved, acknowledged (firing and acknowledged), silenced (open and held by a silence). */
                state?: string;
                severity?: "critical" | "warning" | "info";
                /** @description A rule's name or id. */
                rule?: string;
                /** @description A deployment's name or id; empty, any deployment. */
                deployment?: string;
                /** @description Alerts active since at least this time (ms since the epoch). */
                from?: number;
                to?: number;
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alerts and counts by state. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alerts: components["schemas"]["Alert"][];
                        counts: {
                            [key: string]: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    alertAnalytics: {
        parameters: {
            query?: {
                /** @description Default 30 days before `to`. */
                from?: number;
                to?: number;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Figures over the range. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertAnalytics"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    bulkAlertAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ids: string[];
                    /** @enum {string} */
                    action: "acknowledge" | "resolve" | "silence";
                    note?: string | null;
                    /** @description silence: how long (default an hour) */
                    duration_seconds?: number;
                };
            };
        };
        responses: {
            /** @description One result per id. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            id?: string;
                            ok?: boolean;
                            error?: string | null;
                            silence?: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    getAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                alert: components["parameters"]["AlertId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    acknowledgeAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                alert: components["parameters"]["AlertId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["AlertNote"];
            };
        };
        responses: {
            /** @description The alert. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    resolveAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                alert: components["parameters"]["AlertId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["AlertNote"];
            };
        };
        responses: {
            /** @description The alert. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    listAlertChannels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Channels by name. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        channels: components["schemas"]["AlertChannel"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    createAlertChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description No control characters. */
                    name: string;
                    /** @enum {string} */
                    kind: "email" | "slack" | "webhook" | "pagerduty";
                    config: components["schemas"]["AlertChannelConfig"];
                    /** @default true */
                    send_resolved?: boolean;
                };
            };
        };
        responses: {
            /** @description The channel. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertChannel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    deleteAlertChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The channel's name or id. */
                channel: components["parameters"]["ChannelRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    updateAlertChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The channel's name or id. */
                channel: components["parameters"]["ChannelRef"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description No control characters. */
                    name?: string;
                    config?: components["schemas"]["AlertChannelConfig"];
                    send_resolved?: boolean;
                };
            };
        };
        responses: {
            /** @description The channel. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertChannel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    testAlertChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                /** @description The channel's name or id. */
                channel: components["parameters"]["ChannelRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The attempt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        notification: string;
                        delivered: boolean;
                        status_code: number;
                        error: string | null;
                        duration_ms: number;
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    getNotificationPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy (no routes until one is set). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPolicy"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    putNotificationPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationPolicy"];
            };
        };
        responses: {
            /** @description The policy as stored (defaults filled in). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPolicy"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    listSilences: {
        parameters: {
            query?: {
                include_expired?: "true" | "false";
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Silences, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        silences: components["schemas"]["Silence"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    createSilence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    matchers: components["schemas"]["LabelMatcher"][];
                    /** Format: int64 */
                    starts_at?: number;
                    /** Format: int64 */
                    ends_at?: number;
                    duration_seconds?: number;
                    comment: string;
                };
            };
        };
        responses: {
            /** @description The silence. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Silence"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
        };
    };
    expireSilence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
                silence: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Expired. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    listAlertNotifications: {
        parameters: {
            query?: {
                channel?: string;
                status?: "pending" | "delivered" | "failed";
                limit?: number;
            };
            header?: never;
            path: {
                /**
                 * @description Organization id or slug. A 32-hex value is looked up as an id first.
                 * @example acme
                 */
                org: components["parameters"]["Org"];
                /**
                 * @description Project id or slug (slugs are unique within the organization). A 32-hex value is looked up as an id first.
                 * @example churn-model
                 */
                project: components["parameters"]["Project"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Notifications. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        notifications: components["schemas"]["AlertNotification"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationFailed"];
        };
    };
}
