import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap, type Schemas } from '../api/client';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { when } from '../format';

type Lesson = Schemas['AdminLessonDto'];
type Kind = Schemas['LessonKind'];
type Ticket = Schemas['MediaUploadTicket'];

/** The media types a lesson of each kind takes (the API refuses the rest with field errors). */
const mediaTypes: Record<Kind, string[]> = {
  VIDEO: ['video/mp4'],
  PDF: ['application/pdf'],
  ARTICLE: ['image/png', 'image/jpeg', 'image/webp'],
};

/**
 * PUT of the file straight to S3 at the presigned URL, with the signed headers (the browser sets Content-Length itself).
 * XMLHttpRequest rather than fetch: it reports upload progress.
 */
function putToS3(ticket: Ticket, file: File, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(ticket.method ?? 'PUT', ticket.uploadUrl!);
    for (const [name, value] of Object.entries(ticket.headers ?? {})) {
      if (name.toLowerCase() !== 'content-length' && name.toLowerCase() !== 'host') xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new ApiError({ status: xhr.status, title: 'The object store refused the upload', code: 'client.upload_refused', detail: xhr.responseText.slice(0, 300) }));
    xhr.onerror = () => reject(new ApiError({ status: 0, title: 'The upload to the object store failed (network or CORS)', code: 'client.upload_failed' }));
    xhr.send(file);
  });
}

function requestOf(lesson: Lesson, change: Partial<Schemas['LessonRequest']> = {}): Schemas['LessonRequest'] {
  return {
    title: lesson.title,
    body: lesson.body ?? undefined,
    kind: lesson.kind,
    mediaKey: lesson.mediaKey ?? undefined,
    mediaContentType: lesson.mediaContentType ?? undefined,
    durationSeconds: lesson.durationSeconds ?? undefined,
    pageCount: lesson.pageCount ?? undefined,
    premium: lesson.premium,
    ...change,
  };
}

/** One lesson: its text and settings, its media (uploaded straight to S3 with a progress bar), publish. */
export default function LessonPage() {
  const { lessonId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const lesson = useQuery({
    queryKey: ['lesson', lessonId],
    queryFn: () => unwrap(api.GET('/api/learning/admin/lessons/{lessonId}', { params: { path: { lessonId } } })),
  });
  const [draft, setDraft] = useState<Schemas['LessonRequest'] | null>(null);
  useEffect(() => {
    if (lesson.data) setDraft(requestOf(lesson.data));
  }, [lesson.data]);

  const refresh = (updated?: Lesson) => {
    if (updated) queryClient.setQueryData(['lesson', lessonId], updated);
    void queryClient.invalidateQueries({ queryKey: ['lessons', lesson.data?.courseId] });
    void queryClient.invalidateQueries({ queryKey: ['courses'] });
  };
  const save = useMutation({
    mutationFn: (body: Schemas['LessonRequest']) =>
      unwrap(api.PUT('/api/learning/admin/lessons/{lessonId}', { params: { path: { lessonId } }, body })),
    onSuccess: refresh,
  });
  const toggle = useMutation({
    mutationFn: () =>
      lesson.data?.published
        ? unwrap(api.POST('/api/learning/admin/lessons/{lessonId}/unpublish', { params: { path: { lessonId } } }))
        : unwrap(api.POST('/api/learning/admin/lessons/{lessonId}/publish', { params: { path: { lessonId } } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/learning/admin/lessons/{lessonId}', { params: { path: { lessonId } } })),
    onSuccess: () => {
      refresh();
      void navigate(`/courses/${lesson.data?.courseId}`);
    },
  });

  const l = lesson.data;
  const set = (change: Partial<Schemas['LessonRequest']>) => setDraft((d) => (d ? { ...d, ...change } : d));
  const number = (value: string) => (value.trim() === '' ? undefined : Number(value));

  return (
    <section>
      <p>{l && <Link to={`/courses/${l.courseId}`}>‹ Course</Link>}</p>
      <h1>{l?.title ?? 'Lesson'}</h1>
      {lesson.isPending && <Progress label="Loading" />}
      <ProblemView error={lesson.error} />
      {l && draft && (
        <>
          <div className="card">
            <div className="row">
              <label style={{ flex: 1 }}>
                Title
                <input value={draft.title ?? ''} maxLength={200} onChange={(e) => set({ title: e.target.value })} />
              </label>
              <label>
                Kind
                <select value={draft.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
                  <option>VIDEO</option>
                  <option>PDF</option>
                  <option>ARTICLE</option>
                </select>
              </label>
              {draft.kind === 'VIDEO' && (
                <label>
                  Duration (seconds)
                  <input type="number" min={1} max={86400} value={draft.durationSeconds ?? ''} onChange={(e) => set({ durationSeconds: number(e.target.value) })} />
                </label>
              )}
              {draft.kind === 'PDF' && (
                <label>
                  Pages
                  <input type="number" min={1} value={draft.pageCount ?? ''} onChange={(e) => set({ pageCount: number(e.target.value) })} />
                </label>
              )}
              <label>
                <input type="checkbox" checked={draft.premium ?? false} onChange={(e) => set({ premium: e.target.checked })} /> Premium
              </label>
            </div>
            <label>
              Body
              <textarea aria-label="Body" value={draft.body ?? ''} onChange={(e) => set({ body: e.target.value || undefined })} />
            </label>
            <div className="row">
              <span className="badge">{l.published ? 'PUBLISHED' : 'UNPUBLISHED'}</span>
              <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate(draft)}>
                Save
              </button>
              <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
                {l.published ? 'Unpublish' : 'Publish'}
              </button>
              <button
                type="button"
                className="danger"
                disabled={l.published || remove.isPending}
                title={l.published ? 'Unpublish it first' : undefined}
                onClick={() => window.confirm('Delete this lesson?') && remove.mutate()}
              >
                Delete
              </button>
              {(save.isPending || toggle.isPending || remove.isPending) && <Progress label="Saving" />}
              <span>updated {when(l.updatedAt)}</span>
            </div>
            <ProblemView error={save.error ?? toggle.error ?? remove.error} />
          </div>
          <MediaUpload lesson={l} kind={draft.kind ?? 'VIDEO'} onAttached={(updated) => refresh(updated)} />
        </>
      )}
    </section>
  );
}

/** Request a presigned PUT, send the file straight to S3 (progress), complete (the API checks it), attach it to the lesson. */
function MediaUpload({ lesson, kind, onAttached }: { lesson: Lesson; kind: Kind; onAttached: (lesson: Lesson) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const allowed = mediaTypes[kind];

  const upload = useMutation({
    mutationFn: async (): Promise<Lesson> => {
      setStep('Requesting an upload URL');
      setProgress(undefined);
      const ticket = await unwrap(
        api.POST('/api/learning/admin/media/uploads', { body: { contentType: file!.type, size: file!.size, fileName: file!.name } }),
      );
      setStep('Uploading to the object store');
      setProgress(0);
      await putToS3(ticket, file!, setProgress);
      setStep('Checking the file');
      setProgress(undefined);
      const completed = await unwrap(api.POST('/api/learning/admin/media/uploads/{uploadId}/complete', { params: { path: { uploadId: ticket.id! } } }));
      setStep('Attaching it to the lesson');
      return unwrap(
        api.PUT('/api/learning/admin/lessons/{lessonId}', {
          params: { path: { lessonId: lesson.id! } },
          body: requestOf(lesson, { kind, mediaKey: completed.mediaKey ?? undefined, mediaContentType: completed.contentType ?? undefined }),
        }),
      );
    },
    onSuccess: (updated) => {
      setFile(null);
      onAttached(updated);
    },
    onSettled: () => {
      setStep(null);
      setProgress(undefined);
    },
  });

  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Media</h2>
      <p>
        {lesson.mediaKey ? (
          <>
            Attached: <code data-testid="lesson-media-key">{lesson.mediaKey}</code> ({lesson.mediaContentType})
          </>
        ) : (
          'No media yet.'
        )}
      </p>
      <div className="row">
        <label>
          File ({allowed.join(', ')})
          <input
            type="file"
            aria-label="Media file"
            accept={allowed.join(',')}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              upload.reset();
            }}
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!file || !allowed.includes(file.type) || upload.isPending}
          onClick={() => upload.mutate()}
        >
          Upload{file ? ` ${file.name}` : ''}
        </button>
        {file && !allowed.includes(file.type) && <span className="problem-code">a {kind} lesson takes {allowed.join(', ')}</span>}
        {step && <Progress label={step} value={progress} />}
      </div>
      <ProblemView error={upload.error} />
      {upload.isSuccess && <div className="ok" role="status">Uploaded, checked and attached.</div>}
    </div>
  );
}
